# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_paved_global_optspecs
    string join \n color= q/quiet h/help V/version
end

function __fish_paved_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_paved_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_paved_using_subcommand
    set -l cmd (__fish_paved_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c paved -n "__fish_paved_needs_command" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_needs_command" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_needs_command" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_needs_command" -s V -l version -d 'Print version'
complete -c paved -n "__fish_paved_needs_command" -f -a "scan" -d 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD'
complete -c paved -n "__fish_paved_needs_command" -f -a "check" -d 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt'
complete -c paved -n "__fish_paved_needs_command" -f -a "campaign" -d 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road'
complete -c paved -n "__fish_paved_needs_command" -f -a "sync" -d 'Create or update bare mirrors of a GitHub organisation\'s repositories'
complete -c paved -n "__fish_paved_needs_command" -f -a "rules" -d 'Inspect rule packs'
complete -c paved -n "__fish_paved_needs_command" -f -a "merge" -d 'One report from the parts of a sharded scan (`scan --shard I/N`)'
complete -c paved -n "__fish_paved_needs_command" -f -a "diff" -d 'What changed between two JSON reports: adoption per rule and team, repos that moved'
complete -c paved -n "__fish_paved_needs_command" -f -a "trend" -d 'Adoption over time, from each repository\'s first-parent history of its default branch'
complete -c paved -n "__fish_paved_needs_command" -f -a "memo" -d 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines'
complete -c paved -n "__fish_paved_needs_command" -f -a "schema" -d 'Print the JSON Schema of the scan report, the trend document or a rule pack'
complete -c paved -n "__fish_paved_needs_command" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c paved -n "__fish_paved_needs_command" -f -a "man" -d 'Print the man page (roff): `paved man > paved.1`'
complete -c paved -n "__fish_paved_needs_command" -f -a "init" -d 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH'
complete -c paved -n "__fish_paved_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand scan" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
html\t''
sarif\t''
junit\t''
github\t''"
complete -c paved -n "__fish_paved_using_subcommand scan" -s o -l output -d 'Write the report to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l by -d 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository\'s topics) or `owner` (the org or user part of its name)' -r -f -a "team\t''
topic\t''
owner\t''"
complete -c paved -n "__fish_paved_using_subcommand scan" -l width -d 'The table\'s width in columns (default: the terminal\'s width, or 80 when stdout is not a terminal); longer cells are cut with "…"' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l max-annotations -d 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -s j -l jobs -d 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l rev -d 'Use this revision instead of HEAD (trend and memo follow its first-parent history)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l exclude -d 'Leave out repositories whose name matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l cache -d 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user\'s cache directory)' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l fail-under -d 'Exit 1 if org-wide adoption is below PERCENT (0-100)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l shard -d 'Scan only shard I of N (1-based), e.g. `--shard 2/4`; join the parts with `paved merge`' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l as-of -d 'Evaluate each repository at the last commit of its default branch (first-parent) at or before DATE (YYYY-MM-DD = the end of that day, UTC, or an RFC 3339 time)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l baseline -d 'Ratchet gate: exit 1 if any repository regressed against this earlier JSON report (a rule paved or exempt there is custom, missing or error now); each regression is listed' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l repo-timeout -d 'Give up on a repository after SECS seconds of wall-clock time (default: 300; fractions allowed): it becomes an `error` result "timed out after SECS s" and the scan goes on' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l org -d 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l gitlab -d 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l gitea -d 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l mirror -d 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]' -r -F
complete -c paved -n "__fish_paved_using_subcommand scan" -l api-url -d 'The forge\'s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l visibility -d 'Only repositories of this visibility' -r -f -a "public\t''
private\t''
internal\t''"
complete -c paved -n "__fish_paved_using_subcommand scan" -l topic -d 'Only repositories with this topic (repeatable: every one must be present)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l repo -d 'Only repositories whose name (or owner/name) matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l max-pages -d 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]' -r
complete -c paved -n "__fish_paved_using_subcommand scan" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand scan" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand scan" -l all -d 'List every repository in the table\'s sections, not only the first few'
complete -c paved -n "__fish_paved_using_subcommand scan" -l no-cache -d 'Evaluate everything, reading and writing no result cache'
complete -c paved -n "__fish_paved_using_subcommand scan" -l gate -d 'Exit 1 unless every repository is on the paved road (all required rules paved or exempt)'
complete -c paved -n "__fish_paved_using_subcommand scan" -l include-archived -d 'Include archived repositories (left out by default)'
complete -c paved -n "__fish_paved_using_subcommand scan" -l include-forks -d 'Include forks (left out by default)'
complete -c paved -n "__fish_paved_using_subcommand scan" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand scan" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand check" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand check" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand check" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
html\t''
sarif\t''
junit\t''
github\t''"
complete -c paved -n "__fish_paved_using_subcommand check" -s o -l output -d 'Write the report to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand check" -l by -d 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository\'s topics) or `owner` (the org or user part of its name)' -r -f -a "team\t''
topic\t''
owner\t''"
complete -c paved -n "__fish_paved_using_subcommand check" -l width -d 'The table\'s width in columns (default: the terminal\'s width, or 80 when stdout is not a terminal); longer cells are cut with "…"' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l max-annotations -d 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l rev -d 'Evaluate this revision instead of HEAD' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l baseline -d 'Ratchet gate: also evaluate REV and fail only when a rule that was paved or exempt there is custom, missing or error now' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l forge -d 'The forge the status is set on' -r -f -a "github\t''
gitlab\t''
gitea\t''"
complete -c paved -n "__fish_paved_using_subcommand check" -l api-url -d 'The forge\'s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: CI_API_V4_URL, else https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l repo-slug -d 'The repository the status is set on [default: GITHUB_REPOSITORY; GitLab: CI_PROJECT_PATH]' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l sha -d 'The commit the status is set on [default: the --rev commit if given, else GITHUB_SHA (GitLab: CI_COMMIT_SHA), else HEAD]' -r
complete -c paved -n "__fish_paved_using_subcommand check" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand check" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand check" -l all -d 'List every repository in the table\'s sections, not only the first few'
complete -c paved -n "__fish_paved_using_subcommand check" -l worktree -d 'Read the working tree (tracked files and untracked files that are not ignored, uncommitted changes included) instead of HEAD'
complete -c paved -n "__fish_paved_using_subcommand check" -l staged -d 'Read the index (what would be committed) instead of HEAD: for a pre-commit hook'
complete -c paved -n "__fish_paved_using_subcommand check" -l fix -d 'Apply the declared fixes (`fixes:`) of the rules that are off the paved road to the working tree, only where the changed tree makes them paved, and print what changed'
complete -c paved -n "__fish_paved_using_subcommand check" -l diff -d 'Print the fixes `--fix` would apply as a unified patch, writing nothing'
complete -c paved -n "__fish_paved_using_subcommand check" -l post-status -d 'Set a commit status (context `paved`) on the forge with the gate\'s result; needs a token with permission to write statuses (GitHub: GITHUB_TOKEN or GH_TOKEN; GitLab: GITLAB_TOKEN; Gitea: GITEA_TOKEN or FORGEJO_TOKEN)'
complete -c paved -n "__fish_paved_using_subcommand check" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand check" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -f -a "plan" -d 'For every targeted repository off the paved road, the change that puts the campaign\'s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -f -a "apply" -d 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign\'s branch into its local repository. Dry run unless --yes or --confirm NAME'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -f -a "status" -d 'Each targeted repository\'s pull request state (open, out of date, merged, closed) and the campaign rules\' adoption now'
complete -c paved -n "__fish_paved_using_subcommand campaign; and not __fish_seen_subcommand_from plan apply status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -s o -l output -d 'Write the plan here instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l patches -d 'Also write one `REPO.patch` per changed repository into DIR (`/` in names becomes `__`)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from plan" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -s o -l output -d 'Write the plan here instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l forge -d 'The forge the repositories live on' -r -f -a "github\t''
gitlab\t''
gitea\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l org -d 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository\'s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l api-url -d 'The forge\'s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l confirm -d 'Apply: the campaign\'s name, repeated as a confirmation' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l local -d 'Write the branches into the local repositories instead of opening pull requests'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -l yes -d 'Apply without repeating the campaign\'s name'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from apply" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -s o -l output -d 'Write the plan here instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l forge -d 'The forge the repositories live on' -r -f -a "github\t''
gitlab\t''
gitea\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l org -d 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository\'s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l api-url -d 'The forge\'s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l format -d 'The output format' -r -f -a "table\t''
json\t''
markdown\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -l local -d 'Read the campaign\'s branch in each local repository instead of pull requests: merged once HEAD contains it, out of date once HEAD moved past its base, else open'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "plan" -d 'For every targeted repository off the paved road, the change that puts the campaign\'s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "apply" -d 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign\'s branch into its local repository. Dry run unless --yes or --confirm NAME'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "status" -d 'Each targeted repository\'s pull request state (open, out of date, merged, closed) and the campaign rules\' adoption now'
complete -c paved -n "__fish_paved_using_subcommand campaign; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand sync" -l org -d 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l gitlab -d 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l gitea -d 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l mirror -d 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]' -r -F
complete -c paved -n "__fish_paved_using_subcommand sync" -l api-url -d 'The forge\'s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l visibility -d 'Only repositories of this visibility' -r -f -a "public\t''
private\t''
internal\t''"
complete -c paved -n "__fish_paved_using_subcommand sync" -l topic -d 'Only repositories with this topic (repeatable: every one must be present)' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l repo -d 'Only repositories whose name (or owner/name) matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l max-pages -d 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -s j -l jobs -d 'Repositories cloned or fetched at once [default: 8]' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l exclude -d 'Leave out repositories whose owner/name matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l shard -d 'Mirror only shard I of N (1-based), the same repositories `scan --shard I/N` scans, so each shard of a scheduled job keeps only its share of the org on disk' -r
complete -c paved -n "__fish_paved_using_subcommand sync" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand sync" -l include-archived -d 'Include archived repositories (left out by default)'
complete -c paved -n "__fish_paved_using_subcommand sync" -l include-forks -d 'Include forks (left out by default)'
complete -c paved -n "__fish_paved_using_subcommand sync" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand sync" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "list" -d 'Every loaded rule: id, pack, severity, title'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "explain" -d 'A rule\'s title, docs, fix and conditions, with the documentation of each condition kind'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "validate" -d 'Check pack files; exit 2 listing every problem'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "schema" -d 'Print the JSON Schema of rule packs (for editors\' completion and validation); the same as `paved schema pack`'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "docs" -d 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
complete -c paved -n "__fish_paved_using_subcommand rules; and not __fish_seen_subcommand_from list explain validate schema docs help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from validate" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from schema" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from docs" -s o -l output -d 'Write the page to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from docs" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from docs" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from docs" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every loaded rule: id, pack, severity, title'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "explain" -d 'A rule\'s title, docs, fix and conditions, with the documentation of each condition kind'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "validate" -d 'Check pack files; exit 2 listing every problem'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "schema" -d 'Print the JSON Schema of rule packs (for editors\' completion and validation); the same as `paved schema pack`'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "docs" -d 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
complete -c paved -n "__fish_paved_using_subcommand rules; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand merge" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
html\t''
sarif\t''
junit\t''
github\t''"
complete -c paved -n "__fish_paved_using_subcommand merge" -s o -l output -d 'Write the report to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand merge" -l by -d 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository\'s topics) or `owner` (the org or user part of its name)' -r -f -a "team\t''
topic\t''
owner\t''"
complete -c paved -n "__fish_paved_using_subcommand merge" -l width -d 'The table\'s width in columns (default: the terminal\'s width, or 80 when stdout is not a terminal); longer cells are cut with "…"' -r
complete -c paved -n "__fish_paved_using_subcommand merge" -l max-annotations -d 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)' -r
complete -c paved -n "__fish_paved_using_subcommand merge" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand merge" -l all -d 'List every repository in the table\'s sections, not only the first few'
complete -c paved -n "__fish_paved_using_subcommand merge" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand merge" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand diff" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
html\t''
sarif\t''
junit\t''
github\t''"
complete -c paved -n "__fish_paved_using_subcommand diff" -s o -l output -d 'Write the report to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand diff" -l by -d 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository\'s topics) or `owner` (the org or user part of its name)' -r -f -a "team\t''
topic\t''
owner\t''"
complete -c paved -n "__fish_paved_using_subcommand diff" -l width -d 'The table\'s width in columns (default: the terminal\'s width, or 80 when stdout is not a terminal); longer cells are cut with "…"' -r
complete -c paved -n "__fish_paved_using_subcommand diff" -l max-annotations -d 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)' -r
complete -c paved -n "__fish_paved_using_subcommand diff" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand diff" -l all -d 'List every repository in the table\'s sections, not only the first few'
complete -c paved -n "__fish_paved_using_subcommand diff" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand diff" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand trend" -l since -d 'The first point (YYYY-MM-DD: the end of that day, UTC)' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l until -d 'The last point (default: today, UTC)' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l every -d 'How far apart the points are' -r -f -a "week\t''
month\t''
quarter\t''"
complete -c paved -n "__fish_paved_using_subcommand trend" -l adopters -d 'List the repositories that adopted RULE, with the commit that did it' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand trend" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand trend" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l format -d 'Output format' -r -f -a "table\t''
json\t''
csv\t''
markdown\t''
svg\t'A self-contained SVG line chart: one line per rule, and org-wide'
html\t'The dashboard of the last point, with the trend chart'"
complete -c paved -n "__fish_paved_using_subcommand trend" -s o -l output -d 'Write to FILE instead of stdout' -r -F
complete -c paved -n "__fish_paved_using_subcommand trend" -s j -l jobs -d 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l rev -d 'Use this revision instead of HEAD (trend and memo follow its first-parent history)' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l exclude -d 'Leave out repositories whose name matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l cache -d 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user\'s cache directory)' -r -F
complete -c paved -n "__fish_paved_using_subcommand trend" -l shard -d 'Only shard I of N (1-based), the same repositories as `scan --shard I/N`; join the parts\' JSON documents with `paved merge`' -r
complete -c paved -n "__fish_paved_using_subcommand trend" -l campaign -d 'A campaign file (repeatable, `--format html` only): its burndown against its deadline as a section of the dashboard' -r -F
complete -c paved -n "__fish_paved_using_subcommand trend" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand trend" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand trend" -l no-cache -d 'Evaluate everything, reading and writing no result cache'
complete -c paved -n "__fish_paved_using_subcommand trend" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand trend" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c paved -n "__fish_paved_using_subcommand memo" -l quarter -d 'The quarter, e.g. 2026Q3' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l from -d 'The first day of the period (with --to)' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l to -d 'The last day of the period (with --from)' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l every -d 'Points of the chart' -r -f -a "week\t''
month\t''
quarter\t''"
complete -c paved -n "__fish_paved_using_subcommand memo" -l rules -d 'A rule pack file, or a folder of `*.yml` packs (repeatable)' -r -F
complete -c paved -n "__fish_paved_using_subcommand memo" -l config -d 'The config file (default: `paved.yml` in the current directory, if present)' -r -F
complete -c paved -n "__fish_paved_using_subcommand memo" -l builtin -d 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -s o -l output -d 'Write the memo to FILE, and its chart to memo-trend.svg beside it' -r -F
complete -c paved -n "__fish_paved_using_subcommand memo" -s j -l jobs -d 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l rev -d 'Use this revision instead of HEAD (trend and memo follow its first-parent history)' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l exclude -d 'Leave out repositories whose name matches GLOB (repeatable)' -r
complete -c paved -n "__fish_paved_using_subcommand memo" -l cache -d 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user\'s cache directory)' -r -F
complete -c paved -n "__fish_paved_using_subcommand memo" -l campaign -d 'A campaign file (repeatable): its burndown against its deadline, inline in the memo' -r -F
complete -c paved -n "__fish_paved_using_subcommand memo" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand memo" -l no-builtin -d 'Do not load the built-in packs'
complete -c paved -n "__fish_paved_using_subcommand memo" -l no-cache -d 'Evaluate everything, reading and writing no result cache'
complete -c paved -n "__fish_paved_using_subcommand memo" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand memo" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand schema" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand schema" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c paved -n "__fish_paved_using_subcommand completions" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand completions" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand completions" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand man" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand man" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand man" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand init" -l dir -d 'Where to write paved.yml and rules/our-road.yml (default: the current directory)' -r -F
complete -c paved -n "__fish_paved_using_subcommand init" -l color -d 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c paved -n "__fish_paved_using_subcommand init" -s q -l quiet -d 'No progress bar or notes on stderr'
complete -c paved -n "__fish_paved_using_subcommand init" -s h -l help -d 'Print help'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "scan" -d 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "check" -d 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "campaign" -d 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "sync" -d 'Create or update bare mirrors of a GitHub organisation\'s repositories'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "rules" -d 'Inspect rule packs'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "merge" -d 'One report from the parts of a sharded scan (`scan --shard I/N`)'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "diff" -d 'What changed between two JSON reports: adoption per rule and team, repos that moved'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "trend" -d 'Adoption over time, from each repository\'s first-parent history of its default branch'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "memo" -d 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "schema" -d 'Print the JSON Schema of the scan report, the trend document or a rule pack'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "completions" -d 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "man" -d 'Print the man page (roff): `paved man > paved.1`'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "init" -d 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH'
complete -c paved -n "__fish_paved_using_subcommand help; and not __fish_seen_subcommand_from scan check campaign sync rules merge diff trend memo schema completions man init help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "plan" -d 'For every targeted repository off the paved road, the change that puts the campaign\'s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "apply" -d 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign\'s branch into its local repository. Dry run unless --yes or --confirm NAME'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from campaign" -f -a "status" -d 'Each targeted repository\'s pull request state (open, out of date, merged, closed) and the campaign rules\' adoption now'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "list" -d 'Every loaded rule: id, pack, severity, title'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "explain" -d 'A rule\'s title, docs, fix and conditions, with the documentation of each condition kind'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "validate" -d 'Check pack files; exit 2 listing every problem'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "schema" -d 'Print the JSON Schema of rule packs (for editors\' completion and validation); the same as `paved schema pack`'
complete -c paved -n "__fish_paved_using_subcommand help; and __fish_seen_subcommand_from rules" -f -a "docs" -d 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
