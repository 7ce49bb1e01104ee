// SPDX-License-Identifier: Apache-2.0
// The audit.csv writer (advanced audit policy of a GPO, MS-GPAC).
#pragma once

#include <string>
#include <vector>

#include "plan/plan.hpp"

namespace temper::plan {

/// Why audit.csv cannot carry this subcategory ("" = it can): the GUID is not `{8-4-4-4-12}`.
std::string audit_subcategory_problem(const AuditPolicyChange& change);
/// Why audit.csv cannot carry this option ("" = it can): not "AuditPolicy\\" plus one of
/// CrashOnAuditFail, FullPrivilegeAuditing, AuditBaseObjects, AuditBaseDirectories, or a value other
/// than 0/1, true/false, Enabled/Disabled.
std::string audit_option_problem(const SecurityOptionChange& change);

/// The GPO form (UTF-8, CRLF): the header `Machine Name,Policy Target,Subcategory,Subcategory GUID,
/// Inclusion Setting,Exclusion Setting,Setting Value`, one `,System,Audit <name>,{guid},<inclusion>,,<n>`
/// row per subcategory (1 Success, 2 Failure, 3 Success and Failure, 4 No Auditing: MS-GPAC 2.2.1.3.1,
/// where 0 would mean "unchanged"), then one `,,Option:<name>,,Enabled|Disabled,,1|0` row per option.
/// Inputs must satisfy the problem functions above.
std::string write_audit_csv(const std::vector<const AuditPolicyChange*>& subcategories,
                            const std::vector<const SecurityOptionChange*>& options);

}  // namespace temper::plan
