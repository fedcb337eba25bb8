
use builtin;
use str;

set edit:completion:arg-completer[paved] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'paved'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'paved'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand scan 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD'
            cand check 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt'
            cand campaign 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road'
            cand sync 'Create or update bare mirrors of a GitHub organisation''s repositories'
            cand rules 'Inspect rule packs'
            cand merge 'One report from the parts of a sharded scan (`scan --shard I/N`)'
            cand diff 'What changed between two JSON reports: adoption per rule and team, repos that moved'
            cand trend 'Adoption over time, from each repository''s first-parent history of its default branch'
            cand memo 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines'
            cand schema 'Print the JSON Schema of the scan report, the trend document or a rule pack'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff): `paved man > paved.1`'
            cand init 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;scan'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand --format 'Output format'
            cand -o 'Write the report to FILE instead of stdout'
            cand --output 'Write the report to FILE instead of stdout'
            cand --by 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)'
            cand --width 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"'
            cand --max-annotations 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)'
            cand -j 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --jobs 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --rev 'Use this revision instead of HEAD (trend and memo follow its first-parent history)'
            cand --exclude 'Leave out repositories whose name matches GLOB (repeatable)'
            cand --cache 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)'
            cand --fail-under 'Exit 1 if org-wide adoption is below PERCENT (0-100)'
            cand --shard 'Scan only shard I of N (1-based), e.g. `--shard 2/4`; join the parts with `paved merge`'
            cand --as-of 'Evaluate each repository at the last commit of its default branch (first-parent) at or before DATE (YYYY-MM-DD = the end of that day, UTC, or an RFC 3339 time)'
            cand --baseline 'Ratchet gate: exit 1 if any repository regressed against this earlier JSON report (a rule paved or exempt there is custom, missing or error now); each regression is listed'
            cand --repo-timeout 'Give up on a repository after SECS seconds of wall-clock time (default: 300; fractions allowed): it becomes an `error` result "timed out after SECS s" and the scan goes on'
            cand --org 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen'
            cand --gitlab 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN'
            cand --gitea 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN'
            cand --mirror 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]'
            cand --api-url 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]'
            cand --visibility 'Only repositories of this visibility'
            cand --topic 'Only repositories with this topic (repeatable: every one must be present)'
            cand --repo 'Only repositories whose name (or owner/name) matches GLOB (repeatable)'
            cand --max-pages 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --all 'List every repository in the table''s sections, not only the first few'
            cand --no-cache 'Evaluate everything, reading and writing no result cache'
            cand --gate 'Exit 1 unless every repository is on the paved road (all required rules paved or exempt)'
            cand --include-archived 'Include archived repositories (left out by default)'
            cand --include-forks 'Include forks (left out by default)'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;check'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand --format 'Output format'
            cand -o 'Write the report to FILE instead of stdout'
            cand --output 'Write the report to FILE instead of stdout'
            cand --by 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)'
            cand --width 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"'
            cand --max-annotations 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)'
            cand --rev 'Evaluate this revision instead of HEAD'
            cand --baseline 'Ratchet gate: also evaluate REV and fail only when a rule that was paved or exempt there is custom, missing or error now'
            cand --forge 'The forge the status is set on'
            cand --api-url 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: CI_API_V4_URL, else https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]'
            cand --repo-slug 'The repository the status is set on [default: GITHUB_REPOSITORY; GitLab: CI_PROJECT_PATH]'
            cand --sha 'The commit the status is set on [default: the --rev commit if given, else GITHUB_SHA (GitLab: CI_COMMIT_SHA), else HEAD]'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --all 'List every repository in the table''s sections, not only the first few'
            cand --worktree 'Read the working tree (tracked files and untracked files that are not ignored, uncommitted changes included) instead of HEAD'
            cand --staged 'Read the index (what would be committed) instead of HEAD: for a pre-commit hook'
            cand --fix 'Apply the declared fixes (`fixes:`) of the rules that are off the paved road to the working tree, only where the changed tree makes them paved, and print what changed'
            cand --diff 'Print the fixes `--fix` would apply as a unified patch, writing nothing'
            cand --post-status 'Set a commit status (context `paved`) on the forge with the gate''s result; needs a token with permission to write statuses (GitHub: GITHUB_TOKEN or GH_TOKEN; GitLab: GITLAB_TOKEN; Gitea: GITEA_TOKEN or FORGEJO_TOKEN)'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;campaign'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand plan 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
            cand apply 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME'
            cand status 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;campaign;plan'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand -o 'Write the plan here instead of stdout'
            cand --output 'Write the plan here instead of stdout'
            cand --patches 'Also write one `REPO.patch` per changed repository into DIR (`/` in names becomes `__`)'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;campaign;apply'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand -o 'Write the plan here instead of stdout'
            cand --output 'Write the plan here instead of stdout'
            cand --forge 'The forge the repositories live on'
            cand --org 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository''s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]'
            cand --api-url 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN'
            cand --confirm 'Apply: the campaign''s name, repeated as a confirmation'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --local 'Write the branches into the local repositories instead of opening pull requests'
            cand --yes 'Apply without repeating the campaign''s name'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;campaign;status'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand -o 'Write the plan here instead of stdout'
            cand --output 'Write the plan here instead of stdout'
            cand --forge 'The forge the repositories live on'
            cand --org 'The owner of the repositories (GitHub or Gitea organisation or user, GitLab group): `ORG/NAME` for each repository named `NAME` (its last path part) [default: the repository''s name, which must be `OWNER/NAME` (GitLab: `GROUP/…/NAME`)]'
            cand --api-url 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com; GitLab: https://gitlab.com/api/v4; Gitea: none, give https://HOST/api/v1]. The token comes from GITHUB_TOKEN or GH_TOKEN, GITLAB_TOKEN, or GITEA_TOKEN or FORGEJO_TOKEN'
            cand --format 'The output format'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --local 'Read the campaign''s branch in each local repository instead of pull requests: merged once HEAD contains it, out of date once HEAD moved past its base, else open'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;campaign;help'= {
            cand plan 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
            cand apply 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME'
            cand status 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;campaign;help;plan'= {
        }
        &'paved;campaign;help;apply'= {
        }
        &'paved;campaign;help;status'= {
        }
        &'paved;campaign;help;help'= {
        }
        &'paved;sync'= {
            cand --org 'A GitHub organisation (or user) whose repositories are mirrored, then scanned. The token comes from GITHUB_TOKEN or GH_TOKEN; without one, only public repositories are seen'
            cand --gitlab 'A GitLab group (subgroups included, e.g. `acme` or `acme/platform`) whose projects are mirrored, then scanned. The token comes from GITLAB_TOKEN'
            cand --gitea 'A Gitea or Forgejo organisation (or user), with --api-url https://HOST/api/v1. The token comes from GITEA_TOKEN or FORGEJO_TOKEN'
            cand --mirror 'The mirror folder [default: CACHE_DIR/paved/mirrors/HOST/ORG]'
            cand --api-url 'The forge''s API [default: GitHub: GITHUB_API_URL, else https://api.github.com (GitHub Enterprise Server: https://HOST/api/v3); GitLab: https://gitlab.com/api/v4; Gitea: required, https://HOST/api/v1]'
            cand --visibility 'Only repositories of this visibility'
            cand --topic 'Only repositories with this topic (repeatable: every one must be present)'
            cand --repo 'Only repositories whose name (or owner/name) matches GLOB (repeatable)'
            cand --max-pages 'Pages of one listing followed, at most (1 to 1000000); past it the listing fails [default: 10000]'
            cand -j 'Repositories cloned or fetched at once [default: 8]'
            cand --jobs 'Repositories cloned or fetched at once [default: 8]'
            cand --exclude 'Leave out repositories whose owner/name matches GLOB (repeatable)'
            cand --shard 'Mirror only shard I of N (1-based), the same repositories `scan --shard I/N` scans, so each shard of a scheduled job keeps only its share of the org on disk'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --include-archived 'Include archived repositories (left out by default)'
            cand --include-forks 'Include forks (left out by default)'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand list 'Every loaded rule: id, pack, severity, title'
            cand explain 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind'
            cand validate 'Check pack files; exit 2 listing every problem'
            cand schema 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`'
            cand docs 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;rules;list'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules;explain'= {
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules;validate'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules;schema'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules;docs'= {
            cand -o 'Write the page to FILE instead of stdout'
            cand --output 'Write the page to FILE instead of stdout'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;rules;help'= {
            cand list 'Every loaded rule: id, pack, severity, title'
            cand explain 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind'
            cand validate 'Check pack files; exit 2 listing every problem'
            cand schema 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`'
            cand docs 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;rules;help;list'= {
        }
        &'paved;rules;help;explain'= {
        }
        &'paved;rules;help;validate'= {
        }
        &'paved;rules;help;schema'= {
        }
        &'paved;rules;help;docs'= {
        }
        &'paved;rules;help;help'= {
        }
        &'paved;merge'= {
            cand --format 'Output format'
            cand -o 'Write the report to FILE instead of stdout'
            cand --output 'Write the report to FILE instead of stdout'
            cand --by 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)'
            cand --width 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"'
            cand --max-annotations 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --all 'List every repository in the table''s sections, not only the first few'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;diff'= {
            cand --format 'Output format'
            cand -o 'Write the report to FILE instead of stdout'
            cand --output 'Write the report to FILE instead of stdout'
            cand --by 'Group the human tables: `team` (a team × rule matrix in `table`), `topic` (each of a repository''s topics) or `owner` (the org or user part of its name)'
            cand --width 'The table''s width in columns (default: the terminal''s width, or 80 when stdout is not a terminal); longer cells are cut with "…"'
            cand --max-annotations 'With `--format github` and many repositories, write at most N annotations (then a notice saying how many were left out)'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --all 'List every repository in the table''s sections, not only the first few'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;trend'= {
            cand --since 'The first point (YYYY-MM-DD: the end of that day, UTC)'
            cand --until 'The last point (default: today, UTC)'
            cand --every 'How far apart the points are'
            cand --adopters 'List the repositories that adopted RULE, with the commit that did it'
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand --format 'Output format'
            cand -o 'Write to FILE instead of stdout'
            cand --output 'Write to FILE instead of stdout'
            cand -j 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --jobs 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --rev 'Use this revision instead of HEAD (trend and memo follow its first-parent history)'
            cand --exclude 'Leave out repositories whose name matches GLOB (repeatable)'
            cand --cache 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)'
            cand --shard 'Only shard I of N (1-based), the same repositories as `scan --shard I/N`; join the parts'' JSON documents with `paved merge`'
            cand --campaign 'A campaign file (repeatable, `--format html` only): its burndown against its deadline as a section of the dashboard'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --no-cache 'Evaluate everything, reading and writing no result cache'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'paved;memo'= {
            cand --quarter 'The quarter, e.g. 2026Q3'
            cand --from 'The first day of the period (with --to)'
            cand --to 'The last day of the period (with --from)'
            cand --every 'Points of the chart'
            cand --rules 'A rule pack file, or a folder of `*.yml` packs (repeatable)'
            cand --config 'The config file (default: `paved.yml` in the current directory, if present)'
            cand --builtin 'Load only these built-in packs (repeatable, or comma-separated), e.g. `--builtin basics`'
            cand -o 'Write the memo to FILE, and its chart to memo-trend.svg beside it'
            cand --output 'Write the memo to FILE, and its chart to memo-trend.svg beside it'
            cand -j 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --jobs 'Worker threads (default: all cores); with --org, also repositories synced at once (default: 8)'
            cand --rev 'Use this revision instead of HEAD (trend and memo follow its first-parent history)'
            cand --exclude 'Leave out repositories whose name matches GLOB (repeatable)'
            cand --cache 'Keep results by tree (scan) and commit (trend) in DIR and reuse them when the rules are unchanged (default: `paved` under the user''s cache directory)'
            cand --campaign 'A campaign file (repeatable): its burndown against its deadline, inline in the memo'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand --no-builtin 'Do not load the built-in packs'
            cand --no-cache 'Evaluate everything, reading and writing no result cache'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;schema'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'paved;completions'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;man'= {
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;init'= {
            cand --dir 'Where to write paved.yml and rules/our-road.yml (default: the current directory)'
            cand --color 'When to colour output: auto (only on a terminal, unless NO_COLOR is set), always, never'
            cand -q 'No progress bar or notes on stderr'
            cand --quiet 'No progress bar or notes on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'paved;help'= {
            cand scan 'Discover repositories under each PATH and evaluate every loaded rule at each HEAD'
            cand check 'Gate one repository (default `.`): exit 1 if a required rule is not paved or exempt'
            cand campaign 'Campaigns: plan, apply and follow the changes that move repositories onto the paved road'
            cand sync 'Create or update bare mirrors of a GitHub organisation''s repositories'
            cand rules 'Inspect rule packs'
            cand merge 'One report from the parts of a sharded scan (`scan --shard I/N`)'
            cand diff 'What changed between two JSON reports: adoption per rule and team, repos that moved'
            cand trend 'Adoption over time, from each repository''s first-parent history of its default branch'
            cand memo 'The quarterly impact memo: before/after adoption, movers, regressions, deadlines'
            cand schema 'Print the JSON Schema of the scan report, the trend document or a rule pack'
            cand completions 'Print a shell completion script (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff): `paved man > paved.1`'
            cand init 'Write a commented paved.yml and a starter pack shaped by the repositories under PATH'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'paved;help;scan'= {
        }
        &'paved;help;check'= {
        }
        &'paved;help;campaign'= {
            cand plan 'For every targeted repository off the paved road, the change that puts the campaign''s rules on it, proven by evaluating the rules on the changed tree; nothing is written'
            cand apply 'Open one pull request per planned change through the GitHub API (blobs, tree, commit, branch, pull request; no clone, no push), or with --local write each change as the campaign''s branch into its local repository. Dry run unless --yes or --confirm NAME'
            cand status 'Each targeted repository''s pull request state (open, out of date, merged, closed) and the campaign rules'' adoption now'
        }
        &'paved;help;campaign;plan'= {
        }
        &'paved;help;campaign;apply'= {
        }
        &'paved;help;campaign;status'= {
        }
        &'paved;help;sync'= {
        }
        &'paved;help;rules'= {
            cand list 'Every loaded rule: id, pack, severity, title'
            cand explain 'A rule''s title, docs, fix and conditions, with the documentation of each condition kind'
            cand validate 'Check pack files; exit 2 listing every problem'
            cand schema 'Print the JSON Schema of rule packs (for editors'' completion and validation); the same as `paved schema pack`'
            cand docs 'Print the reference page of every built-in rule (docs/rules.md) in Markdown'
        }
        &'paved;help;rules;list'= {
        }
        &'paved;help;rules;explain'= {
        }
        &'paved;help;rules;validate'= {
        }
        &'paved;help;rules;schema'= {
        }
        &'paved;help;rules;docs'= {
        }
        &'paved;help;merge'= {
        }
        &'paved;help;diff'= {
        }
        &'paved;help;trend'= {
        }
        &'paved;help;memo'= {
        }
        &'paved;help;schema'= {
        }
        &'paved;help;completions'= {
        }
        &'paved;help;man'= {
        }
        &'paved;help;init'= {
        }
        &'paved;help;help'= {
        }
    ]
    $completions[$command]
}
