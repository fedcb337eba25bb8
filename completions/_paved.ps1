
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'paved' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'paved'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'paved' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt')
            [CompletionResult]::new('campaign', 'campaign', [CompletionResultType]::ParameterValue, 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Create or update bare mirrors of a GitHub organisation''s repositories')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Inspect rule packs')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'One report from the parts of a sharded scan (`scan --shard I/N`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What changed between two JSON reports: adoption per rule and team, repos that moved')
            [CompletionResult]::new('trend', 'trend', [CompletionResultType]::ParameterValue, 'Adoption over time, from each repository''s first-parent history of its default branch')
            [CompletionResult]::new('memo', 'memo', [CompletionResultType]::ParameterValue, 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the scan report, the trend document or a rule pack')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff): `paved man > paved.1`')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;scan' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"')
            [CompletionResult]::new('--max-annotations', '--max-annotations', [CompletionResultType]::ParameterName, 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Use this revision instead of HEAD (trend and memo follow its first-parent history)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out repositories whose name matches GLOB (repeatable)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)')
            [CompletionResult]::new('--fail-under', '--fail-under', [CompletionResultType]::ParameterName, 'Exit 1 if org-wide adoption is below PERCENT (0-100)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Scan only shard I of N (1-based), e.g. `--shard 2/4`; join the parts with `paved merge`')
            [CompletionResult]::new('--as-of', '--as-of', [CompletionResultType]::ParameterName, 'Evaluate each repository at the last commit of its default branch (first-parent) at or before DATE (YYYY-MM-DD = the end of that day, UTC, or an RFC 3339 time)')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Ratchet gate: exit 1 if any repository regressed against this earlier JSON report (a rule paved or exempt there is custom, missing or error now); each regression is listed')
            [CompletionResult]::new('--repo-timeout', '--repo-timeout', [CompletionResultType]::ParameterName, 'Give up on a repository after SECS seconds of wall-clock time (default: 300; fractions allowed): it becomes an `error` result "timed out after SECS s" and the scan goes on')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen')
            [CompletionResult]::new('--gitlab', '--gitlab', [CompletionResultType]::ParameterName, 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN')
            [CompletionResult]::new('--gitea', '--gitea', [CompletionResultType]::ParameterName, 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]')
            [CompletionResult]::new('--visibility', '--visibility', [CompletionResultType]::ParameterName, 'Only repositories of this visibility')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only repositories with this topic (repeatable: every one must be present)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Only repositories whose name (or owner/name) matches GLOB (repeatable)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every repository in the table''s sections, not only the first few')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Evaluate everything, reading and writing no result cache')
            [CompletionResult]::new('--gate', '--gate', [CompletionResultType]::ParameterName, 'Exit 1 unless every repository is on the paved road (all required rules paved or exempt)')
            [CompletionResult]::new('--include-archived', '--include-archived', [CompletionResultType]::ParameterName, 'Include archived repositories (left out by default)')
            [CompletionResult]::new('--include-forks', '--include-forks', [CompletionResultType]::ParameterName, 'Include forks (left out by default)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;check' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"')
            [CompletionResult]::new('--max-annotations', '--max-annotations', [CompletionResultType]::ParameterName, 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Evaluate this revision instead of HEAD')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Ratchet gate: also evaluate REV and fail only when a rule that was paved or exempt there is custom, missing or error now')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the status is set on')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: CI_API_V4_URL, else https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]')
            [CompletionResult]::new('--repo-slug', '--repo-slug', [CompletionResultType]::ParameterName, 'The repository the status is set on [default: GITHUB_REPOSITORY; GitLab: CI_PROJECT_PATH]')
            [CompletionResult]::new('--sha', '--sha', [CompletionResultType]::ParameterName, 'The commit the status is set on [default: the --rev commit if given, else GITHUB_SHA (GitLab: CI_COMMIT_SHA), else HEAD]')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every repository in the table''s sections, not only the first few')
            [CompletionResult]::new('--worktree', '--worktree', [CompletionResultType]::ParameterName, 'Read the working tree (tracked files and untracked files that are not ignored, uncommitted changes included) instead of HEAD')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Read the index (what would be committed) instead of HEAD: for a pre-commit hook')
            [CompletionResult]::new('--fix', '--fix', [CompletionResultType]::ParameterName, 'Apply the declared fixes (`fixes:`) of the rules that are off the paved road to the working tree, only where the changed tree makes them paved, and print what changed')
            [CompletionResult]::new('--diff', '--diff', [CompletionResultType]::ParameterName, 'Print the fixes `--fix` would apply as a unified patch, writing nothing')
            [CompletionResult]::new('--post-status', '--post-status', [CompletionResultType]::ParameterName, 'Set a commit status (context `paved`) on the forge with the gate''s result; needs a token with permission to write statuses (GitHub: GITHUB_TOKEN or GH_TOKEN; GitLab: GITLAB_TOKEN; Gitea: GITEA_TOKEN or FORGEJO_TOKEN)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;campaign' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;campaign;plan' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--patches', '--patches', [CompletionResultType]::ParameterName, 'Also write one `REPO.patch` per changed repository into DIR (`/` in names becomes `__`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;campaign;apply' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the repositories live on')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository''s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN')
            [CompletionResult]::new('--confirm', '--confirm', [CompletionResultType]::ParameterName, 'Apply: the campaign''s name, repeated as a confirmation')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Write the branches into the local repositories instead of opening pull requests')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Apply without repeating the campaign''s name')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;campaign;status' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the plan here instead of stdout')
            [CompletionResult]::new('--forge', '--forge', [CompletionResultType]::ParameterName, 'The forge the repositories live on')
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository''s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'The output format')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--local', '--local', [CompletionResultType]::ParameterName, 'Read the campaign''s branch in each local repository instead of pull requests: merged once HEAD contains it, out of date once HEAD moved past its base, else open')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;campaign;help' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;campaign;help;plan' {
            break
        }
        'paved;campaign;help;apply' {
            break
        }
        'paved;campaign;help;status' {
            break
        }
        'paved;campaign;help;help' {
            break
        }
        'paved;sync' {
            [CompletionResult]::new('--org', '--org', [CompletionResultType]::ParameterName, 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen')
            [CompletionResult]::new('--gitlab', '--gitlab', [CompletionResultType]::ParameterName, 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN')
            [CompletionResult]::new('--gitea', '--gitea', [CompletionResultType]::ParameterName, 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN')
            [CompletionResult]::new('--mirror', '--mirror', [CompletionResultType]::ParameterName, 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]')
            [CompletionResult]::new('--visibility', '--visibility', [CompletionResultType]::ParameterName, 'Only repositories of this visibility')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'Only repositories with this topic (repeatable: every one must be present)')
            [CompletionResult]::new('--repo', '--repo', [CompletionResultType]::ParameterName, 'Only repositories whose name (or owner/name) matches GLOB (repeatable)')
            [CompletionResult]::new('--max-pages', '--max-pages', [CompletionResultType]::ParameterName, 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Repositories cloned or fetched at once [default: 8]')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Repositories cloned or fetched at once [default: 8]')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out repositories whose owner/name matches GLOB (repeatable)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Mirror only shard I of N (1-based), the same repositories `scan --shard I/N` scans, so each shard of a scheduled job keeps only its share of the org on disk')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--include-archived', '--include-archived', [CompletionResultType]::ParameterName, 'Include archived repositories (left out by default)')
            [CompletionResult]::new('--include-forks', '--include-forks', [CompletionResultType]::ParameterName, 'Include forks (left out by default)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every loaded rule: id, pack, severity, title')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check pack files; exit 2 listing every problem')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Print the reference page of every built-in rule (docs/rules.md) in Markdown')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;rules;list' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules;explain' {
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules;validate' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules;docs' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the page to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the page to FILE instead of stdout')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;rules;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every loaded rule: id, pack, severity, title')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check pack files; exit 2 listing every problem')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Print the reference page of every built-in rule (docs/rules.md) in Markdown')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;rules;help;list' {
            break
        }
        'paved;rules;help;explain' {
            break
        }
        'paved;rules;help;validate' {
            break
        }
        'paved;rules;help;schema' {
            break
        }
        'paved;rules;help;docs' {
            break
        }
        'paved;rules;help;help' {
            break
        }
        'paved;merge' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"')
            [CompletionResult]::new('--max-annotations', '--max-annotations', [CompletionResultType]::ParameterName, 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every repository in the table''s sections, not only the first few')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;diff' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of stdout')
            [CompletionResult]::new('--by', '--by', [CompletionResultType]::ParameterName, 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"')
            [CompletionResult]::new('--max-annotations', '--max-annotations', [CompletionResultType]::ParameterName, 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'List every repository in the table''s sections, not only the first few')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;trend' {
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'The first point (YYYY-MM-DD: the end of that day, UTC)')
            [CompletionResult]::new('--until', '--until', [CompletionResultType]::ParameterName, 'The last point (default: today, UTC)')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'How far apart the points are')
            [CompletionResult]::new('--adopters', '--adopters', [CompletionResultType]::ParameterName, 'List the repositories that adopted RULE, with the commit that did it')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE instead of stdout')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Use this revision instead of HEAD (trend and memo follow its first-parent history)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out repositories whose name matches GLOB (repeatable)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)')
            [CompletionResult]::new('--shard', '--shard', [CompletionResultType]::ParameterName, 'Only shard I of N (1-based), the same repositories as `scan --shard I/N`; join the parts'' JSON documents with `paved merge`')
            [CompletionResult]::new('--campaign', '--campaign', [CompletionResultType]::ParameterName, 'A campaign file (repeatable, `--format html` only): its burndown against its deadline as a section of the dashboard')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Evaluate everything, reading and writing no result cache')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'paved;memo' {
            [CompletionResult]::new('--quarter', '--quarter', [CompletionResultType]::ParameterName, 'The quarter, e.g. 2026Q3')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'The first day of the period (with --to)')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'The last day of the period (with --from)')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'Points of the chart')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'A rule pack file, or a folder of `*.yml` packs (repeatable)')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The config file (default: `paved.yml` in the current directory, if present)')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the memo to FILE, and its chart to memo-trend.svg beside it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the memo to FILE, and its chart to memo-trend.svg beside it')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)')
            [CompletionResult]::new('--rev', '--rev', [CompletionResultType]::ParameterName, 'Use this revision instead of HEAD (trend and memo follow its first-parent history)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out repositories whose name matches GLOB (repeatable)')
            [CompletionResult]::new('--cache', '--cache', [CompletionResultType]::ParameterName, 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)')
            [CompletionResult]::new('--campaign', '--campaign', [CompletionResultType]::ParameterName, 'A campaign file (repeatable): its burndown against its deadline, inline in the memo')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('--no-builtin', '--no-builtin', [CompletionResultType]::ParameterName, 'Do not load the built-in packs')
            [CompletionResult]::new('--no-cache', '--no-cache', [CompletionResultType]::ParameterName, 'Evaluate everything, reading and writing no result cache')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'paved;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;init' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where to write paved.yml and rules/our-road.yml (default: the current directory)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No progress bar or notes on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'paved;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt')
            [CompletionResult]::new('campaign', 'campaign', [CompletionResultType]::ParameterValue, 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Create or update bare mirrors of a GitHub organisation''s repositories')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'Inspect rule packs')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'One report from the parts of a sharded scan (`scan --shard I/N`)')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'What changed between two JSON reports: adoption per rule and team, repos that moved')
            [CompletionResult]::new('trend', 'trend', [CompletionResultType]::ParameterValue, 'Adoption over time, from each repository''s first-parent history of its default branch')
            [CompletionResult]::new('memo', 'memo', [CompletionResultType]::ParameterValue, 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of the scan report, the trend document or a rule pack')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff): `paved man > paved.1`')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'paved;help;scan' {
            break
        }
        'paved;help;check' {
            break
        }
        'paved;help;campaign' {
            [CompletionResult]::new('plan', 'plan', [CompletionResultType]::ParameterValue, 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written')
            [CompletionResult]::new('apply', 'apply', [CompletionResultType]::ParameterValue, 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now')
            break
        }
        'paved;help;campaign;plan' {
            break
        }
        'paved;help;campaign;apply' {
            break
        }
        'paved;help;campaign;status' {
            break
        }
        'paved;help;sync' {
            break
        }
        'paved;help;rules' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'Every loaded rule: id, pack, severity, title')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check pack files; exit 2 listing every problem')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`')
            [CompletionResult]::new('docs', 'docs', [CompletionResultType]::ParameterValue, 'Print the reference page of every built-in rule (docs/rules.md) in Markdown')
            break
        }
        'paved;help;rules;list' {
            break
        }
        'paved;help;rules;explain' {
            break
        }
        'paved;help;rules;validate' {
            break
        }
        'paved;help;rules;schema' {
            break
        }
        'paved;help;rules;docs' {
            break
        }
        'paved;help;merge' {
            break
        }
        'paved;help;diff' {
            break
        }
        'paved;help;trend' {
            break
        }
        'paved;help;memo' {
            break
        }
        'paved;help;schema' {
            break
        }
        'paved;help;completions' {
            break
        }
        'paved;help;man' {
            break
        }
        'paved;help;init' {
            break
        }
        'paved;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
