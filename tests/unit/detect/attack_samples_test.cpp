// SPDX-License-Identifier: Apache-2.0
// SigmaHQ rules over ../shared/corpora/evtx/evtx-attack-samples (skipped when ../shared is absent):
//   - Techniques: named techniques, each a (sample -> SigmaHQ rule) pair, loading only that rule file:
//     the rule fires on its own sample exactly as often as pinned and stays silent on a control sample
//     (a sample of another technique on which no pinned rule but its own fires). Fast: always on.
//   - PerFileCounts: every rule (rules + rules-emerging-threats) over every sample; the alerts per file and
//     rule must equal tests/data/detect/attack_samples_alerts.tsv. After an intended change, regenerate
//     it with TEMPER_UPDATE_GOLDEN=1 and review the diff. Heavier: labelled slow under sanitizers.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "app/detect.hpp"

namespace temper::app {
namespace {

namespace fs = std::filesystem;

const fs::path kSigma = fs::path(TEMPER_SHARED_DIR) / "corpora" / "sigma";
const fs::path kSamples = fs::path(TEMPER_SHARED_DIR) / "corpora" / "evtx" / "evtx-attack-samples";
const fs::path kGolden = fs::path(TEMPER_TEST_DATA_DIR) / "detect" / "attack_samples_alerts.tsv";

struct Technique {
  const char* sample;  ///< under evtx-attack-samples
  const char* rule;    ///< under corpora/sigma
  const char* title;
  std::uint64_t alerts;
};

// Reviewed: each rule is the detection of what its sample records (ATT&CK id from the rule's tags).
const Technique kTechniques[] = {
    // Credential access: LSASS memory, DCSync, SAM/NTDS, IIS secrets.
    {"Credential Access/sysmon_10_1_memdump_comsvcs_minidump.evtx",  // T1003.001 comsvcs MiniDump
     "rules/windows/process_creation/proc_creation_win_rundll32_process_dump_via_comsvcs.yml",
     "Process Memory Dump Via Comsvcs.DLL", 1},
    {"Credential Access/CA_sysmon_hashdump_cmd_meterpreter.evtx",  // T1003.001 remote thread in lsass
     "rules/windows/create_remote_thread/create_remote_thread_win_susp_password_dumper_lsass.yml",
     "Password Dumper Remote Thread in LSASS", 2},
    {"Credential Access/CA_hashdump_4663_4656_lsass_access.evtx",  // T1003.001 handle on lsass (4656)
     "rules/windows/builtin/security/win_security_susp_lsass_dump_generic.yml",
     "Potentially Suspicious AccessMask Requested From LSASS", 1},
    {"Credential Access/CA_DCSync_4662.evtx",  // T1003.006 DCSync
     "rules/windows/builtin/security/win_security_ad_replication_non_machine_account.yml",
     "Active Directory Replication from Non Machine Account - DcSync Indicator", 3},
    {"AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx",  // T1003.002 reg save HKLM\SAM
     "rules/windows/process_creation/proc_creation_win_reg_dumping_sensitive_hives.yml",
     "Dumping of Sensitive Hives Via Reg.EXE", 7},
    {"AutomatedTestingTools/PanacheSysmon_vs_AtomicRedTeam01.evtx",  // T1003.003 NTDS.dit
     "rules/windows/process_creation/proc_creation_win_susp_ntds.yml", "Suspicious Process Patterns NTDS.DIT Exfil", 1},
    {"Credential Access/discovery_sysmon_1_iis_pwd_and_config_discovery_appcmd.evtx",  // T1003 appcmd /text:*
     "rules/windows/process_creation/proc_creation_win_iis_appcmd_service_account_password_dumped.yml",
     "Microsoft IIS Service Account Password Dumped", 18},
    // Lateral movement: PsExec, WMI, DCOM, WinRM, remote service.
    {"Lateral Movement/LM_renamed_psexecsvc_5145.evtx",  // T1021.002 PsExec pipes over SMB (5145)
     "rules/windows/builtin/security/win_security_susp_psexec.yml", "Suspicious PsExec Execution", 3},
    {"Lateral Movement/remote_file_copy_system_proc_file_write_sysmon_11.evtx",  // T1569.002 PSEXESVC dropped
     "rules/windows/file/file_event/file_event_win_sysinternals_psexec_service.yml", "PsExec Service File Creation", 1},
    {"Lateral Movement/LM_wmiexec_impacket_sysmon_whoami.evtx",  // T1047 wmiexec
     "rules/windows/process_creation/proc_creation_win_hktl_impacket_lateral_movement.yml",
     "HackTool - Potential Impacket Lateral Movement Activity", 3},
    {"Lateral Movement/LM_impacket_docmexec_mmc_sysmon_01.evtx",  // T1021.003 MMC20 DCOM
     "rules/windows/process_creation/proc_creation_win_mmc_mmc20_lateral_movement.yml", "MMC20 Lateral Movement", 1},
    {"Lateral Movement/LM_winrm_exec_sysmon_1_winrshost.evtx",  // T1021.006 WinRS
     "rules/windows/process_creation/proc_creation_win_winrshost_command_execution.yml",
     "Potential Lateral Movement via Windows Remote Shell", 1},
    {"Lateral Movement/LM_sysmon_psexec_smb_meterpreter.evtx",  // T1021.002/T1543.003 remote service install
     "rules/windows/registry/registry_set/registry_set_cobaltstrike_service_installs.yml",
     "Potential CobaltStrike Service Installations - Registry", 1},
    // Persistence: services, scheduled tasks, run keys, WMI subscriptions, accounts, DCShadow.
    {"Privilege Escalation/System_7045_namedpipe_privesc.evtx",  // T1543.003 service (7045)
     "rules/windows/builtin/system/service_control_manager/win_system_service_install_susp.yml",
     "Suspicious Service Installation", 1},
    {"Privilege Escalation/sysmon_1_11_exec_as_system_via_schedtask.evtx",  // T1053.005 schtasks /create
     "rules/windows/process_creation/proc_creation_win_schtasks_creation.yml", "Scheduled Task Creation Via Schtasks.EXE", 1},
    {"Lateral Movement/remote task update 4624 4702 same logonid.evtx",  // T1053.005 task updated (4702)
     "rules/windows/builtin/security/win_security_susp_scheduled_task_update.yml", "Suspicious Scheduled Task Update", 1},
    {"AutomatedTestingTools/Malware/sideloading_injection_persistence_run_key.evtx",  // T1547.001 Run key
     "rules/windows/registry/registry_set/registry_set_susp_run_key_img_folder.yml",
     "New RUN Key Pointing to Suspicious Folder", 1},
    {"Persistence/sysmon_20_21_1_CommandLineEventConsumer.evtx",  // T1546.003 WMI subscription (19-21)
     "rules/windows/wmi_event/sysmon_wmi_event_subscription.yml", "WMI Event Subscription", 6},
    {"Persistence/wmighost_sysmon_20_21_1.evtx",  // T1546.003 scrcons.exe consumer
     "rules/windows/process_creation/proc_creation_win_wmi_persistence_script_event_consumer.yml",
     "WMI Persistence - Script Event Consumer", 1},
    {"Persistence/Network_Service_Guest_added_to_admins_4732.evtx",  // T1098 added to Administrators (4732)
     "rules/windows/builtin/security/win_security_user_added_to_local_administrators.yml",
     "User Added to Local Administrator Group", 2},
    {"Persistence/persistence_security_dcshadow_4742.evtx",  // T1207 DCShadow SPNs (4742)
     "rules/windows/builtin/security/win_security_possible_dc_shadow.yml", "Possible DC Shadow Attack", 2},
    // Defence evasion: log clearing, UAC and logging disabled, hidden files.
    {"Defense Evasion/DE_1102_security_log_cleared.evtx",  // T1070.001 Security log cleared (1102)
     "rules/windows/builtin/security/win_security_audit_log_cleared.yml", "Security Eventlog Cleared", 1},
    {"Defense Evasion/DE_104_system_log_cleared.evtx",  // T1070.001 System log cleared (104)
     "rules/windows/builtin/system/microsoft_windows_eventlog/win_system_susp_eventlog_cleared.yml",
     "Important Windows Eventlog Cleared", 1},
    {"Defense Evasion/DE_UAC_Disabled_Sysmon_12_13.evtx",  // T1548.002 EnableLUA = 0
     "rules/windows/registry/registry_set/registry_set_uac_disable.yml", "UAC Disabled", 1},
    {"Defense Evasion/de_PsScriptBlockLogging_disabled_sysmon12_13.evtx",  // T1562 script block logging off
     "rules/windows/registry/registry_set/registry_set_powershell_logging_disabled.yml",
     "PowerShell Logging Disabled Via Registry Key Tampering", 1},
    {"Defense Evasion/de_hiding_files_via_attrib_cmdlet.evtx",  // T1564.001 attrib +h
     "rules/windows/process_creation/proc_creation_win_attrib_hiding_files.yml", "Hiding Files with Attrib.exe", 1},
    // Execution, discovery, privilege escalation, command and control.
    {"Execution/exec_msxsl_xsl_sysmon_1_7.evtx",  // T1220 XSL script processing
     "rules/windows/process_creation/proc_creation_win_msxsl_execution.yml", "Msxsl.EXE Execution", 1},
    {"Execution/Sysmon_Exec_CompiledHTML.evtx",  // T1218.001 compiled HTML
     "rules/windows/process_creation/proc_creation_win_hh_html_help_susp_child_process.yml",
     "HTML Help HH.EXE Suspicious Child Process", 1},
    {"Discovery/dicovery_4661_net_group_domain_admins_target.evtx",  // T1087.002 net group "domain admins"
     "rules/windows/builtin/security/win_security_account_discovery.yml", "AD Privileged Users or Groups Reconnaissance", 6},
    {"Privilege Escalation/Sysmon_UACME_33.evtx",  // T1548.002 fodhelper
     "rules/windows/process_creation/proc_creation_win_uac_bypass_fodhelper.yml", "Bypass UAC via Fodhelper.exe", 1},
    {"Privilege Escalation/4765_sidhistory_add_t1178.evtx",  // T1134.005 SID history (4765)
     "rules/windows/builtin/security/win_security_susp_add_sid_history.yml",
     "Addition of SID History to Active Directory Object", 1},
    {"Command and Control/DE_sysmon-3-rdp-tun.evtx",  // T1572 plink -R tunnel
     "rules/windows/process_creation/proc_creation_win_plink_port_forwarding.yml", "Suspicious Plink Port Forwarding", 1},
};

// Samples on which, of the pinned rules, only their own fires (see the golden file).
constexpr const char* kControl = "Execution/exec_msxsl_xsl_sysmon_1_7.evtx";
constexpr const char* kControlForMsxsl = "Defense Evasion/DE_UAC_Disabled_Sysmon_12_13.evtx";

bool have_corpora() { return fs::exists(kSigma / "rules") && fs::exists(kSamples); }

// Alerts per (sample file relative to kSamples, rule title).
std::map<std::string, std::map<std::string, std::uint64_t>> run(const std::vector<fs::path>& rules,
                                                                 const std::vector<fs::path>& files) {
  std::map<std::string, std::map<std::string, std::uint64_t>> out;
  DetectRequest request;
  request.rules = rules;
  request.files = files;
  auto report = run_detect(request, [&](const DetectAlert& a) {
    const std::string file = a.event != nullptr ? fs::relative(std::string(a.event->file), kSamples).generic_string() : "";
    ++out[file][std::string(a.title)];
  });
  EXPECT_TRUE(report.has_value()) << report.error().to_string();
  if (report) {
    for (const auto& f : report->files) EXPECT_TRUE(f.error.empty()) << f.path << ": " << f.error;
  }
  return out;
}

TEST(AttackSamplesTest, TechniquesFireOnTheirOwnSample) {
  if (!have_corpora()) GTEST_SKIP() << "no corpora under " << TEMPER_SHARED_DIR;
  EXPECT_GE(std::size(kTechniques), 15u);
  for (const auto& t : kTechniques) {
    SCOPED_TRACE(t.title);
    const char* control = std::string_view(t.sample) == kControl ? kControlForMsxsl : kControl;
    auto alerts = run({kSigma / t.rule}, {kSamples / t.sample, kSamples / control});
    EXPECT_EQ(alerts[t.sample][t.title], t.alerts) << t.sample;
    EXPECT_EQ(alerts[control].size(), 0u) << "fired on the control sample " << control;
  }
}

std::string to_tsv(const std::map<std::string, std::map<std::string, std::uint64_t>>& alerts,
                   const std::vector<std::string>& all_files) {
  std::string out = "# sample\talerts\trules (title xN); generated by attack_samples_test (TEMPER_UPDATE_GOLDEN=1)\n";
  for (const auto& f : all_files) {
    std::uint64_t total = 0;
    std::string rules;
    const auto it = alerts.find(f);
    if (it != alerts.end()) {
      for (const auto& [title, n] : it->second) {
        total += n;
        rules += (rules.empty() ? "" : "; ") + title + " x" + std::to_string(n);
      }
    }
    out += f + "\t" + std::to_string(total) + "\t" + rules + "\n";
  }
  return out;
}

TEST(AttackSamplesTest, PerFileCounts) {
  if (!have_corpora()) GTEST_SKIP() << "no corpora under " << TEMPER_SHARED_DIR;
  std::vector<std::string> all_files;
  for (const auto& e : fs::recursive_directory_iterator(kSamples)) {
    if (e.is_regular_file() && e.path().extension() == ".evtx") {
      all_files.push_back(fs::relative(e.path(), kSamples).generic_string());
    }
  }
  std::sort(all_files.begin(), all_files.end());
  const auto start = std::chrono::steady_clock::now();
  const auto alerts = run({kSigma / "rules", kSigma / "rules-emerging-threats"}, {kSamples});
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%zu samples, every SigmaHQ rule: %.2f s\n", all_files.size(), secs);
  const std::string tsv = to_tsv(alerts, all_files);
  const char* update = std::getenv("TEMPER_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    fs::create_directories(kGolden.parent_path());
    std::ofstream(kGolden, std::ios::binary) << tsv;
  }
  std::ifstream in(kGolden, std::ios::binary);
  ASSERT_TRUE(in) << kGolden << " is missing: run the test with TEMPER_UPDATE_GOLDEN=1";
  std::stringstream golden;
  golden << in.rdbuf();
  EXPECT_EQ(golden.str(), tsv) << kGolden << " differs: if the change is intended, regenerate with "
                                             "TEMPER_UPDATE_GOLDEN=1 and review the diff";
  EXPECT_EQ(all_files.size(), 277u);
}

}  // namespace
}  // namespace temper::app
