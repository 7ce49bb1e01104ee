// SPDX-License-Identifier: Apache-2.0
// The PowerShell helper functions the plan and rollback scripts define: how each kind of setting is read,
// saved, set and compared. Fixed text: no plan value is ever part of it (values arrive as parameters).
#include "plan/detail/powershell.hpp"

namespace temper::plan::detail {
namespace {

// Results, effects and the summary table, shared by both scripts.
constexpr std::string_view kCommon = R"PS(
function Add-TemperResult {
    param([string]$Id, [string]$Kind, [string]$Target, [string]$Status, [string]$Detail)
    $script:TemperResults.Add([pscustomobject]@{ Id = $Id; Kind = $Kind; Status = $Status; Target = $Target; Detail = $Detail })
}

function Add-TemperEffect {
    param([switch]$Reboot, [string[]]$Restart = @(), [string]$Note = '')
    if ($Reboot) { $script:TemperReboot = $true }
    foreach ($name in @($Restart)) { if (-not $script:TemperRestart.Contains($name)) { $script:TemperRestart.Add($name) } }
    if ($Note -ne '' -and -not $script:TemperNotes.Contains($Note)) { $script:TemperNotes.Add($Note) }
}

function Write-TemperSummary {
    param([string[]]$Bad)
    $script:TemperResults | Format-Table -Property @('Id', 'Kind', 'Status', 'Target', 'Detail') -AutoSize -Wrap | Out-String -Width 220 | Write-Host
    $counts = @($script:TemperResults | Group-Object -Property Status | ForEach-Object { $_.Name + ' ' + $_.Count })
    Write-Host ('Results: ' + ($counts -join ', '))
    if ($script:TemperReboot) { Write-Warning 'Restart Windows for some of these changes to take effect.' }
    if ($script:TemperRestart.Count -gt 0) { Write-Warning ('Restart or recycle for the changes to take effect: ' + ($script:TemperRestart -join ', ')) }
    foreach ($note in $script:TemperNotes) { Write-Warning $note }
    return @($script:TemperResults | Where-Object { $Bad -contains $_.Status }).Count
}
)PS";

// The journal and the check after each change (plan script only).
constexpr std::string_view kApply = R"PS(
function Save-TemperState {
    # Appends one JSON line (id, kind, target, the live state) to the rollback file and returns the state.
    # Flush($true) writes it through to the disk before the change is made.
    param([string]$Id, [string]$Kind, [string]$Target, [System.Collections.IDictionary]$State)
    if (-not $WhatIfPreference) {
        $line = [ordered]@{ id = $Id; kind = $Kind; target = $Target; saved = (Get-Date).ToString('o'); state = $State } | ConvertTo-Json -Compress -Depth 8
        $bytes = (New-Object System.Text.UTF8Encoding -ArgumentList $false).GetBytes($line + [Environment]::NewLine)
        $stream = New-Object System.IO.FileStream -ArgumentList $RollbackPath, ([System.IO.FileMode]::Append), ([System.IO.FileAccess]::Write), ([System.IO.FileShare]::Read)
        try {
            $stream.Write($bytes, 0, $bytes.Length)
            $stream.Flush($true)
        } finally {
            $stream.Dispose()
        }
    }
    return $State
}

function Confirm-TemperResult {
    # Compares the value re-read after the change with the plan's value; a difference "did not take".
    param([string]$Id, [string]$Kind, [string]$Target, [string]$Expected, [string]$Actual, [switch]$Secret)
    if ($Actual -eq $Expected) {
        Add-TemperResult -Id $Id -Kind $Kind -Target $Target -Status 'applied' -Detail $Expected
    } elseif ($Secret) {
        Add-TemperResult -Id $Id -Kind $Kind -Target $Target -Status 'did not take' -Detail 'the value read back differs (a secret: not shown)'
    } else {
        Add-TemperResult -Id $Id -Kind $Kind -Target $Target -Status 'did not take' -Detail ('expected ' + $Expected + '; found ' + $Actual)
    }
}
)PS";

// Reading the journal back (rollback script only).
constexpr std::string_view kRollback = R"PS(
function Read-TemperJournal {
    # The saved state of each action id (the first line saved for an id wins).
    param([string]$Path)
    $saved = @{}
    foreach ($line in @(Get-Content -LiteralPath $Path -Encoding UTF8)) {
        if ($line.Trim() -eq '') { continue }
        $entry = $line | ConvertFrom-Json
        if ($null -eq $entry.PSObject.Properties['id']) { continue }
        if (-not $saved.ContainsKey($entry.id)) { $saved[$entry.id] = $entry.state }
    }
    return $saved
}

function ConvertTo-TemperHashtable {
    param([object]$Object)
    $table = @{}
    if ($null -ne $Object) { foreach ($p in $Object.PSObject.Properties) { $table[$p.Name] = $p.Value } }
    return $table
}
)PS";

// secedit: [Privilege Rights], [System Access], [Kerberos Policy], [System Log]/[Security Log]/[Application Log].
constexpr std::string_view kSecedit = R"PS(
function Get-TemperSecurityPolicy {
    # secedit /export of one area, as 'Section\Key' -> raw value.
    param([string]$Area)
    $base = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('temper-' + [guid]::NewGuid().ToString('N'))
    $inf = $base + '.inf'
    try {
        $output = & secedit.exe /export /cfg $inf /areas $Area 2>&1
        if ($LASTEXITCODE -ne 0 -or -not (Test-Path -LiteralPath $inf)) { throw ('secedit /export failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
        $policy = @{}
        $section = ''
        foreach ($line in @(Get-Content -LiteralPath $inf)) {
            if ($line -match '^\s*\[(.+)\]\s*$') { $section = $Matches[1]; continue }
            if ($line -match '^\s*([^=;]+?)\s*=\s*(.*?)\s*$') { $policy[$section + '\' + $Matches[1]] = $Matches[2] }
        }
        return $policy
    } finally {
        Remove-Item -LiteralPath $inf -Force -ErrorAction SilentlyContinue -WhatIf:$false
    }
}

function Invoke-TemperSecedit {
    # Applies one line of one section with a UTF-16 template of its own (secedit /configure, one area).
    param([string]$Area, [string]$Section, [string]$Line)
    if ($Line -match '[\r\n]') { throw ('refusing a template line with a line break in [' + $Section + ']') }
    $base = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('temper-' + [guid]::NewGuid().ToString('N'))
    $text = @('[Unicode]', 'Unicode=yes', '[Version]', 'signature="$CHICAGO$"', 'Revision=1', ('[' + $Section + ']'), $Line, '') -join "`r`n"
    try {
        [System.IO.File]::WriteAllText($base + '.inf', $text, [System.Text.Encoding]::Unicode)
        $output = & secedit.exe /configure /db ($base + '.sdb') /cfg ($base + '.inf') /areas $Area /log ($base + '.log') /quiet 2>&1
        if ($LASTEXITCODE -ne 0) { throw ('secedit /configure failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
    } finally {
        foreach ($suffix in @('.inf', '.sdb', '.log', '.jfm')) { Remove-Item -LiteralPath ($base + $suffix) -Force -ErrorAction SilentlyContinue -WhatIf:$false }
    }
}

function ConvertTo-TemperSidToken {
    # '*S-1-...' for a SID or an account name that resolves; the name itself otherwise.
    param([string]$Holder)
    $h = $Holder.Trim()
    if ($h.StartsWith('*')) { return $h.ToUpperInvariant() }
    if ($h -match '^S-1-') { return ('*' + $h.ToUpperInvariant()) }
    try {
        return ('*' + (New-Object System.Security.Principal.NTAccount -ArgumentList $h).Translate([System.Security.Principal.SecurityIdentifier]).Value)
    } catch {
        return $h
    }
}

function Format-TemperHolders {
    param([string[]]$Holders = @())
    $tokens = @(foreach ($h in @($Holders)) { if ($null -ne $h -and $h.Trim() -ne '') { ConvertTo-TemperSidToken -Holder $h } })
    if ($tokens.Count -eq 0) { return '(nobody)' }
    return ((@($tokens | Sort-Object -Unique)) -join ',')
}

function Get-TemperUserRight {
    param([string]$Right)
    $policy = Get-TemperSecurityPolicy -Area 'USER_RIGHTS'
    $key = 'Privilege Rights\' + $Right
    $holders = @()
    if ($policy.ContainsKey($key)) { $holders = @($policy[$key] -split ',' | ForEach-Object { $_.Trim() } | Where-Object { $_ -ne '' }) }
    return [ordered]@{ defined = $policy.ContainsKey($key); holders = $holders }
}

function Set-TemperUserRight {
    # Holders are SIDs (written *S-1-...) or account names; none = nobody holds the right.
    param([string]$Right, [string[]]$Holders = @())
    $tokens = @(foreach ($h in @($Holders)) { if ($h -match '^S-1-') { '*' + $h } elseif ($h -ne '') { $h } })
    foreach ($t in $tokens) { if ($t -match ',') { throw ('a holder of ' + $Right + ' contains a comma: ' + $t) } }
    Invoke-TemperSecedit -Area 'USER_RIGHTS' -Section 'Privilege Rights' -Line ($Right + ' = ' + ($tokens -join ','))
}

function Get-TemperSecurityOption {
    param([string]$Section, [string]$Name)
    $policy = Get-TemperSecurityPolicy -Area 'SECURITYPOLICY'
    $key = $Section + '\' + $Name
    if (-not $policy.ContainsKey($key)) { return [ordered]@{ defined = $false; raw = '' } }
    return [ordered]@{ defined = $true; raw = [string]$policy[$key] }
}

function Set-TemperSecurityOption {
    # Raw is the template's text: a decimal number, or a quoted string for names.
    param([string]$Section, [string]$Name, [string]$Raw)
    Invoke-TemperSecedit -Area 'SECURITYPOLICY' -Section $Section -Line ($Name + ' = ' + $Raw)
}
)PS";

// auditpol: advanced audit subcategories and the audit options, read from /backup (its Setting Value
// column is a number on every display language; /get /r prints localised words).
constexpr std::string_view kAuditpol = R"PS(
function Get-TemperAuditBackup {
    $file = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('temper-' + [guid]::NewGuid().ToString('N') + '.csv')
    try {
        $output = & auditpol.exe /backup ('/file:' + $file) 2>&1
        if ($LASTEXITCODE -ne 0) { throw ('auditpol /backup failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
        return @(Get-Content -LiteralPath $file | Where-Object { $_.Trim() -ne '' } | ConvertFrom-Csv)
    } finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue -WhatIf:$false
    }
}

function Get-TemperAuditSubcategory {
    # value: 0 no auditing, 1 success, 2 failure, 3 both.
    param([string]$Guid)
    $row = @(Get-TemperAuditBackup | Where-Object { $_.'Subcategory GUID' -eq $Guid }) | Select-Object -First 1
    if ($null -eq $row) { return [ordered]@{ listed = $false; value = 0 } }
    return [ordered]@{ listed = $true; value = [int]$row.'Setting Value' }
}

function Set-TemperAuditSubcategory {
    param([string]$Guid, [bool]$Success, [bool]$Failure)
    if ($Guid -notmatch '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$') { throw ('not a subcategory GUID: ' + $Guid) }
    $s = if ($Success) { 'enable' } else { 'disable' }
    $f = if ($Failure) { 'enable' } else { 'disable' }
    $output = & auditpol.exe /set ('/subcategory:' + $Guid) ('/success:' + $s) ('/failure:' + $f) 2>&1
    if ($LASTEXITCODE -ne 0) { throw ('auditpol /set failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
}

function Format-TemperAudit {
    param([int]$Value)
    switch ($Value) {
        0 { return 'No Auditing' }
        1 { return 'Success' }
        2 { return 'Failure' }
        3 { return 'Success and Failure' }
        default { return [string]$Value }
    }
}

function Get-TemperAuditOption {
    # CrashOnAuditFail, FullPrivilegeAuditing, AuditBaseObjects, AuditBaseDirectories: value 0 or 1.
    param([string]$Name)
    $row = @(Get-TemperAuditBackup | Where-Object { $_.Subcategory -eq ('Option:' + $Name) }) | Select-Object -First 1
    if ($null -eq $row) { return [ordered]@{ listed = $false; value = 0 } }
    return [ordered]@{ listed = $true; value = [int]$row.'Setting Value' }
}

function Set-TemperAuditOption {
    param([string]$Name, [bool]$Enable)
    if ($Name -notmatch '^[A-Za-z]+$') { throw ('not an audit option: ' + $Name) }
    $v = if ($Enable) { 'enable' } else { 'disable' }
    $output = & auditpol.exe /set ('/option:' + $Name) ('/value:' + $v) 2>&1
    if ($LASTEXITCODE -ne 0) { throw ('auditpol /set failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
}
)PS";

// The registry through Microsoft.Win32.RegistryKey in the 64-bit view: exact names ('/' is part of a key
// name such as 'RC4 128/128', never a separator), no wildcards, no WOW64 redirection in 32-bit hosts.
constexpr std::string_view kRegistry = R"PS(
function Split-TemperRegistryKey {
    # 'HKLM\SOFTWARE\X' -> the hive's base key in the 64-bit view, and 'SOFTWARE\X'.
    param([string]$Key)
    $hive, $sub = $Key -split '\\', 2
    $root = switch ($hive.ToUpperInvariant()) {
        'HKLM' { [Microsoft.Win32.RegistryHive]::LocalMachine }
        'HKU' { [Microsoft.Win32.RegistryHive]::Users }
        'HKCU' { [Microsoft.Win32.RegistryHive]::CurrentUser }
        'HKCR' { [Microsoft.Win32.RegistryHive]::ClassesRoot }
        default { throw ('unsupported registry hive: ' + $hive) }
    }
    if ($null -eq $sub) { $sub = '' }
    return [Microsoft.Win32.RegistryKey]::OpenBaseKey($root, [Microsoft.Win32.RegistryView]::Registry64), $sub
}

function Open-TemperRegistryKey {
    # The key, or $null when it does not exist.
    param([string]$Key, [bool]$Writable)
    $base, $sub = Split-TemperRegistryKey -Key $Key
    if ($sub -eq '') { return $base }
    return $base.OpenSubKey($sub, $Writable)
}

function Get-TemperRegistryValue {
    # key_exists, exists, kind (RegistryValueKind name) and data: unsigned decimal text for DWord/QWord,
    # text, an array for MultiString, base64 for Binary.
    param([string]$Key, [string]$Name)
    $k = Open-TemperRegistryKey -Key $Key -Writable $false
    if ($null -eq $k) { return [ordered]@{ key_exists = $false; exists = $false; kind = ''; data = '' } }
    try {
        if (@($k.GetValueNames()) -notcontains $Name) { return [ordered]@{ key_exists = $true; exists = $false; kind = ''; data = '' } }
        $kind = $k.GetValueKind($Name)
        $raw = $k.GetValue($Name, $null, [Microsoft.Win32.RegistryValueOptions]::DoNotExpandEnvironmentNames)
        $data = switch ($kind) {
            'DWord' { [string][BitConverter]::ToUInt32([BitConverter]::GetBytes([int32]$raw), 0) }
            'QWord' { [string][BitConverter]::ToUInt64([BitConverter]::GetBytes([int64]$raw), 0) }
            'MultiString' { , @($raw) }
            'Binary' { [Convert]::ToBase64String([byte[]]$raw) }
            default { [string]$raw }
        }
        return [ordered]@{ key_exists = $true; exists = $true; kind = [string]$kind; data = $data }
    } finally {
        $k.Close()
    }
}

function Format-TemperRegistryData {
    param([string]$Kind, [object]$Data)
    switch ($Kind) {
        'MultiString' { return ($Kind + ':' + (@($Data) -join '|')) }
        'Binary' { if ($Data -is [string]) { return ($Kind + ':' + $Data) } else { return ($Kind + ':' + [Convert]::ToBase64String([byte[]]$Data)) } }
        '' { return '(absent)' }
        default { return ($Kind + ':' + [string]$Data) }
    }
}

function Format-TemperRegistryState {
    param([System.Collections.IDictionary]$State)
    if (-not $State.exists) { return '(absent)' }
    return (Format-TemperRegistryData -Kind $State.kind -Data $State.data)
}

function Set-TemperRegistryValue {
    # Creates the key when missing, then writes the value with its kind.
    param([string]$Key, [string]$Name, [string]$Kind, [object]$Data)
    $value = switch ($Kind) {
        'DWord' { [BitConverter]::ToInt32([BitConverter]::GetBytes([uint32]$Data), 0) }
        'QWord' { [BitConverter]::ToInt64([BitConverter]::GetBytes([uint64]$Data), 0) }
        'MultiString' { [string[]]@($Data) }
        'Binary' { if ($Data -is [string]) { [Convert]::FromBase64String($Data) } else { [byte[]]$Data } }
        'String' { [string]$Data }
        'ExpandString' { [string]$Data }
        default { throw ('unsupported registry value kind: ' + $Kind) }
    }
    $base, $sub = Split-TemperRegistryKey -Key $Key
    $k = $base.CreateSubKey($sub)
    try { $k.SetValue($Name, $value, [Microsoft.Win32.RegistryValueKind]$Kind) } finally { $k.Close() }
}

function Remove-TemperRegistryValue {
    param([string]$Key, [string]$Name)
    $k = Open-TemperRegistryKey -Key $Key -Writable $true
    if ($null -eq $k) { return }
    try { $k.DeleteValue($Name, $false) } finally { $k.Close() }
}

function Restore-TemperRegistryValue {
    # Writes the saved value back; a value that did not exist is deleted, and a key that did not exist is
    # deleted too when nothing else was put in it since.
    param([string]$Key, [string]$Name, [object]$State)
    if ($State.exists) {
        Set-TemperRegistryValue -Key $Key -Name $Name -Kind $State.kind -Data $State.data
        return
    }
    Remove-TemperRegistryValue -Key $Key -Name $Name
    if (-not $State.key_exists) {
        $k = Open-TemperRegistryKey -Key $Key -Writable $false
        if ($null -eq $k) { return }
        $empty = $k.ValueCount -eq 0 -and $k.SubKeyCount -eq 0
        $k.Close()
        $cut = $Key.LastIndexOf('\')
        if ($empty -and $cut -gt 0) {
            $p = Open-TemperRegistryKey -Key ($Key.Substring(0, $cut)) -Writable $true
            $leaf = $Key.Substring($cut + 1)
            if ($null -ne $p) { try { $p.DeleteSubKey($leaf, $false) } finally { $p.Close() } }
        }
    }
}
)PS";

// Services: exact names (Get-Service -Name would expand wildcards), the start type with the delayed flag.
constexpr std::string_view kService = R"PS(
function Get-TemperServiceObject {
    param([string]$Name)
    return (@(Get-Service | Where-Object { $_.ServiceName -eq $Name }) | Select-Object -First 1)
}

function Get-TemperService {
    param([string]$Name)
    $svc = Get-TemperServiceObject -Name $Name
    if ($null -eq $svc) { return [ordered]@{ installed = $false; start_type = ''; delayed = $false; status = '' } }
    $delayed = $false
    $k = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Registry64).OpenSubKey('SYSTEM\CurrentControlSet\Services\' + $svc.ServiceName)
    if ($null -ne $k) { try { $delayed = [int]$k.GetValue('DelayedAutostart', 0) -eq 1 } finally { $k.Close() } }
    return [ordered]@{ installed = $true; start_type = [string]$svc.StartType; delayed = $delayed; status = [string]$svc.Status }
}

function Format-TemperService {
    param([System.Collections.IDictionary]$State, [bool]$WithStatus)
    if (-not $State.installed) { return '(not installed)' }
    $text = $State.start_type
    if ($WithStatus) { $text = $text + ', ' + $State.status }
    return $text
}

function Set-TemperServiceStart {
    # Disabled | Manual | Automatic through Set-Service; delayed start, Boot and System through sc.exe.
    param([string]$Name, [string]$StartType, [bool]$Delayed)
    if ($StartType -eq 'Automatic' -and $Delayed) {
        $output = & sc.exe config $Name start= delayed-auto 2>&1
        if ($LASTEXITCODE -ne 0) { throw ('sc.exe config failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
    } elseif ($StartType -eq 'Boot' -or $StartType -eq 'System') {
        $output = & sc.exe config $Name start= $StartType.ToLowerInvariant() 2>&1
        if ($LASTEXITCODE -ne 0) { throw ('sc.exe config failed (' + $LASTEXITCODE + '): ' + ($output -join ' ')) }
    } else {
        Set-Service -Name $Name -StartupType $StartType
    }
}

function Restore-TemperService {
    param([string]$Name, [object]$State)
    if (-not $State.installed) { return }
    Set-TemperServiceStart -Name $Name -StartType $State.start_type -Delayed ([bool]$State.delayed)
    $svc = Get-TemperServiceObject -Name $Name
    if ($null -ne $svc -and $State.status -eq 'Running' -and [string]$svc.Status -ne 'Running') { Start-Service -InputObject $svc }
}
)PS";

// IIS through WebAdministration at the action's -PSPath and -Location. Whether the attribute or item is
// written at that path is read from the configuration file itself (read-only), so a rollback clears what
// the plan added instead of pinning an inherited value.
constexpr std::string_view kIis = R"PS(
Import-Module -Name WebAdministration -ErrorAction Stop

function Test-TemperIisLocal {
    # $true when the file that holds this path's settings sets the attribute (or has the element, when no
    # attribute is named); $false when it does not; $null when that cannot be told (file unknown or
    # unreadable, section moved by configSource or encrypted): the rollback then writes the saved value back.
    param([string]$File, [string]$Location, [string]$Section, [string]$Filter, [string]$Name)
    if ($File -eq '' -or -not (Test-Path -LiteralPath $File)) { return $null }
    try {
        $xml = New-Object System.Xml.XmlDocument
        $xml.Load($File)
        $want = $Location.Trim('/')
        $scopes = @()
        if ($want -eq '') { $scopes += $xml.DocumentElement }
        foreach ($node in @($xml.DocumentElement.SelectNodes('location'))) {
            $path = $node.GetAttribute('path').Trim('/')
            if ($path -eq '.') { $path = '' }
            if ($path -eq $want) { $scopes += $node }
        }
        $found = $false
        foreach ($scope in $scopes) {
            $sectionNode = $scope.SelectSingleNode($Section)
            if ($null -ne $sectionNode -and ($sectionNode.HasAttribute('configSource') -or $sectionNode.HasAttribute('configProtectionProvider'))) { return $null }
            $node = $scope.SelectSingleNode($Filter)
            if ($null -ne $node -and ($Name -eq '' -or $node.HasAttribute($Name))) { $found = $true }
        }
        return $found
    } catch {
        return $null
    }
}

function Get-TemperIisState {
    # exists: the element or collection item is in the effective configuration; value: the attribute's
    # effective value as text; local: see Test-TemperIisLocal; attributes: the element's or item's
    # attributes when no single attribute is named or the element is a collection item.
    param([string]$PSPath, [string]$Clr, [string]$Location, [string]$File, [string]$Section, [string]$Filter, [string]$Name, [bool]$Item)
    $at = @{ PSPath = $PSPath }
    if ($Clr -ne '') { $at['Clr'] = $Clr }
    if ($Location -ne '') { $at['Location'] = $Location }
    $element = Get-WebConfiguration @at -Filter $Filter
    $state = [ordered]@{ exists = ($null -ne $element); value = ''; local = $null; attributes = @{} }
    if ($null -ne $element) {
        if ($Name -ne '') {
            $value = Get-WebConfigurationProperty @at -Filter $Filter -Name $Name
            if ($null -ne $value -and $null -ne $value.PSObject.Properties['Value']) { $value = $value.Value }
            $state.value = [string]$value
        }
        if ($Name -eq '' -or $Item) {
            foreach ($attribute in @($element.Attributes)) { $state.attributes[$attribute.Name] = [string]$attribute.Value }
        }
    }
    $state.local = Test-TemperIisLocal -File $File -Location $Location -Section $Section -Filter $Filter -Name $Name
    return $state
}

function Format-TemperIisCleared {
    param([System.Collections.IDictionary]$State)
    if ($State.local -eq $true) { return 'still set at this path' }
    return 'cleared'
}

function Format-TemperIisPresence {
    param([System.Collections.IDictionary]$State)
    if ($State.exists) { return 'present' }
    return 'absent'
}
)PS";

// Windows features (Server Manager cmdlets).
constexpr std::string_view kFeature = R"PS(
Import-Module -Name ServerManager -ErrorAction Stop

function Get-TemperFeature {
    param([string]$Name)
    $feature = @(Get-WindowsFeature -Name $Name | Where-Object { $_.Name -eq $Name }) | Select-Object -First 1
    if ($null -eq $feature) { return [ordered]@{ known = $false; installed = $false } }
    return [ordered]@{ known = $true; installed = [bool]$feature.Installed }
}

function Format-TemperFeature {
    param([System.Collections.IDictionary]$State)
    if (-not $State.known) { return '(not available)' }
    if ($State.installed) { return 'installed' }
    return 'not installed'
}

function Register-TemperFeatureResult {
    # Install/Uninstall-WindowsFeature say whether Windows must restart (Yes, No, Maybe).
    param([object]$Result)
    if (-not $Result.Success) { throw ('the feature change did not succeed: ' + [string]$Result.ExitCode) }
    if ([string]$Result.RestartNeeded -ne 'No') { Add-TemperEffect -Reboot }
}
)PS";

}  // namespace

std::string_view helpers_common() { return kCommon; }
std::string_view helpers_apply() { return kApply; }
std::string_view helpers_rollback() { return kRollback; }

std::string helpers_for(std::uint32_t groups) {
  std::string out;
  if ((groups & kHelperSecedit) != 0U) out += kSecedit;
  if ((groups & kHelperAuditpol) != 0U) out += kAuditpol;
  if ((groups & kHelperRegistry) != 0U) out += kRegistry;
  if ((groups & kHelperService) != 0U) out += kService;
  if ((groups & kHelperIis) != 0U) out += kIis;
  if ((groups & kHelperFeature) != 0U) out += kFeature;
  return out;
}

}  // namespace temper::plan::detail
