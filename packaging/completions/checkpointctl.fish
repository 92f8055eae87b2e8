function __checkpointctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __checkpointctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __checkpointctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __checkpointctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __checkpointctl_parse_tokens -S
    set -l unparsed_tokens (__checkpointctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'checkpointctl'
        __checkpointctl_parse_subcommand 0 'h/help'
        switch $unparsed_tokens[1]
        case 'status'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'h/help'
        case 'stats'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'since=' 'until=' 'checkpoint=' 'grid=' 'by=' 'h/help'
        case 'alerts'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'state=' 'type=' 'since=' 'limit=' 'grid=' 'reason=' 'reveal' 'h/help'
        case 'ack'
            __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'note=' 'by=' 'h/help'
        case 'watch'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'types=' 'grid=' 'reason=' 'reveal' 'h/help'
        case 'trace'
            __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'days=' 'h/help'
        case 'clearance'
            __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'h/help'
        case 'records'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'checkpoint=' 'grid=' 'person=' 'kind=' 'since=' 'until=' 'limit=' 'reason=' 'reveal' 'h/help'
        case 'presence'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'checkpoint=' 'grid=' 'reason=' 'reveal' 'h/help'
        case 'quarantine'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'person=' 'all' 'limit=' 'grid=' 'reason=' 'reveal' 'h/help'
            case 'add'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'days=' 'start=' 'note=' 'grid=' 'h/help'
            case 'release'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'note=' 'by=' 'h/help'
            end
        case 'export'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'since=' 'until=' 'format=' 'reason=' 'grid=' 'h/help'
        case 'audit'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'since=' 'limit=' 'verify' 'h/help'
        case 'checkpoint'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'grid=' 'name=' 'staffed=' 'kind=' 'h/help'
            case 'set'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'kind=' 'name=' 'grid=' 'staffed=' 'h/help'
            case 'list'
                __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'h/help'
            case 'remove'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'force' 'h/help'
            end
        case 'station'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'checkpoint=' 'h/help'
            case 'list'
                __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'h/help'
            case 'revoke'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'h/help'
            case 'rotate'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'h/help'
            end
        case 'backup'
            __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'h/help'
        case 'check'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'h/help'
        case 'reload'
            __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'h/help'
        case 'tls'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'init-ca'
                __checkpointctl_parse_subcommand 0 'dir=' 'name=' 'days=' 'h/help'
            case 'server'
                __checkpointctl_parse_subcommand 0 'dir=' 'host=+' 'days=' 'h/help'
            case 'station'
                __checkpointctl_parse_subcommand 1 'dir=' 'days=' 'h/help'
            end
        case 'person'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'link'
                __checkpointctl_parse_subcommand 2 'socket=' 'json' 'lang=' 'reason=' 'h/help'
            case 'unlink'
                __checkpointctl_parse_subcommand 2 'socket=' 'json' 'lang=' 'reason=' 'h/help'
            case 'show'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'h/help'
            case 'erase'
                __checkpointctl_parse_subcommand 1 'socket=' 'json' 'lang=' 'reason=' 'yes' 'h/help'
            end
        case 'report'
            __checkpointctl_parse_subcommand 0 'h/help'
            switch $unparsed_tokens[1]
            case 'daily'
                __checkpointctl_parse_subcommand 0 'socket=' 'json' 'lang=' 'date=' 'grid=' 'format=' 'h/help'
            end
        case 'help'
            __checkpointctl_parse_subcommand -r 1 
        end
    end
end

function __checkpointctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __checkpointctl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __checkpointctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __checkpointctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__checkpointctl_tokens -p)
    if test -z "$(__checkpointctl_tokens -t)"
        set -l index (count (__checkpointctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'checkpointctl' -f
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'status' -d 'Show the daemon\'s version, uptime and health.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'stats' -d 'Count records, fevers and violations, per checkpoint, grid, hour or day.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'alerts' -d 'List alerts: open ones by default.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'ack' -d 'Acknowledge an alert.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'watch' -d 'Follow alerts, escalations and records as they happen.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'trace' -d 'Show a person\'s records and quarantine orders over the last days (audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'clearance' -d 'Check whether a person may go back to work, with their last days (audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'records' -d 'List stored records, newest first.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'presence' -d 'Count the people inside a compound and list those out for too long.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'quarantine' -d 'List, add and release quarantine orders.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'export' -d 'Write the records of a period to standard output, as CSV or JSON Lines (audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'audit' -d 'List the audited lookups: every trace and export, with who asked and why.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'checkpoint' -d 'Register, change, list and remove checkpoints.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'station' -d 'Register stations, list them, revoke them and rotate their tokens.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'backup' -d 'Copy the database into the daemon\'s backup folder while it keeps running (audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'check' -d 'Check the database for damage while the daemon keeps running.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'reload' -d 'Make the daemon re-read its configuration file.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'tls' -d 'Make the district CA, the daemon\'s certificate and station certificates (no daemon needed).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'person' -d 'One person: link their phone numbers and IDs, show the links, or erase everything stored.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'report' -d 'Reports for the command centre: the daily report (日报).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl status" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl status" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl status" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" since' -l 'since' -d 'Count from this time on (default: everything kept) (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" until' -l 'until' -d 'Count up to this time, exclusive (default: now) (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" checkpoint' -l 'checkpoint' -d 'Count only this checkpoint.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" grid' -l 'grid' -d 'Count only the checkpoints of this grid.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" by' -l 'by' -d 'The rows of the table (default: checkpoint).' -rfka 'checkpoint grid hour day'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl stats" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" state' -l 'state' -d 'Which alerts (default: open).' -rfka 'open acked all'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" type' -l 'type' -d 'Only alerts of this type.' -rfka 'FEVER VIOLATION SILENT DRIFT FOLLOWUP'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" since' -l 'since' -d 'Only alerts from this time on (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" limit' -l 'limit' -d 'At most this many alerts, newest first (default: 100).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" grid' -l 'grid' -d 'Only this grid (its checkpoints, alerts and quarantine orders).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" reason' -l 'reason' -d 'Why you read these people\'s data; it goes to the audit log (needed with --person, --reveal and for record events).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" reveal' -l 'reveal' -d 'Show people in full instead of masked (admins only; needs --reason; audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl alerts" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" note' -l 'note' -d 'What was done about it.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" by' -l 'by' -d 'Who acknowledges it (default: your user name).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl ack" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" types' -l 'types' -d 'What to follow (default: alert).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" grid' -l 'grid' -d 'Only this grid (its checkpoints, alerts and quarantine orders).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" reason' -l 'reason' -d 'Why you read these people\'s data; it goes to the audit log (needed with --person, --reveal and for record events).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" reveal' -l 'reveal' -d 'Show people in full instead of masked (admins only; needs --reason; audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl watch" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" reason' -l 'reason' -d 'Why you look this person up; it goes to the audit log.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" days' -l 'days' -d 'How many days back (default: 15).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl trace" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl clearance" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl clearance" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl clearance" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl clearance" reason' -l 'reason' -d 'Why you check this person; it goes to the audit log.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl clearance" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" checkpoint' -l 'checkpoint' -d 'Only records taken at this checkpoint.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" grid' -l 'grid' -d 'Only this grid (its checkpoints, alerts and quarantine orders).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" person' -l 'person' -d 'Only this person\'s records (mobile number, resident ID or other:...).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" kind' -l 'kind' -d 'Only records of this kind.' -rfka 'TEMP ENTRY EXIT'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" since' -l 'since' -d 'Only records from this time on (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" until' -l 'until' -d 'Only records before this time (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" limit' -l 'limit' -d 'At most this many records (default: 100).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" reason' -l 'reason' -d 'Why you read these people\'s data; it goes to the audit log (needed with --person, --reveal and for record events).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" reveal' -l 'reveal' -d 'Show people in full instead of masked (admins only; needs --reason; audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl records" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" checkpoint' -l 'checkpoint' -d 'One checkpoint (one compound gate).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" grid' -l 'grid' -d 'All the checkpoints of a grid.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" reason' -l 'reason' -d 'Why you read these people\'s data; it goes to the audit log (needed with --person, --reveal and for record events).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" reveal' -l 'reveal' -d 'Show people in full instead of masked (admins only; needs --reason; audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl presence" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl quarantine" -eq 1' -fa 'list' -d 'List quarantine orders: active ones unless --all.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl quarantine" -eq 1' -fa 'add' -d 'Put a person under a quarantine order.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl quarantine" -eq 1' -fa 'release' -d 'End a person\'s active quarantine orders now.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" person' -l 'person' -d 'Only this person\'s orders.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" all' -l 'all' -d 'Include released and ended orders.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" limit' -l 'limit' -d 'At most this many orders, latest start first (default: 1000).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" grid' -l 'grid' -d 'Only this grid (its checkpoints, alerts and quarantine orders).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" reason' -l 'reason' -d 'Why you read these people\'s data; it goes to the audit log (needed with --person, --reveal and for record events).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" reveal' -l 'reveal' -d 'Show people in full instead of masked (admins only; needs --reason; audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" reason' -l 'reason' -d 'Why the order is given.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" days' -l 'days' -d 'How many days (default: the daemon\'s quarantine_days).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" start' -l 'start' -d 'When the order starts (default: now) (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" note' -l 'note' -d 'Anything else to keep with the order.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" grid' -l 'grid' -d 'The grid whose workers follow the person up (home visits, the daily readings).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" note' -l 'note' -d 'Why the order ends early.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" by' -l 'by' -d 'Who releases it (default: your user name).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl quarantine release" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" since' -l 'since' -d 'The first record\'s time, inclusive (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" until' -l 'until' -d 'The end of the period, exclusive (default: now) (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" format' -l 'format' -d 'csv (with a header line) or jsonl (default: csv).' -rfka 'csv jsonl'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" reason' -l 'reason' -d 'Why you export these records; it goes to the audit log.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" grid' -l 'grid' -d 'Only this grid (its checkpoints, alerts and quarantine orders).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" since' -l 'since' -d 'Only lookups from this time on (RFC 3339, Unix ms, now, today, or a time ago: 90m, 24h, 7d).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" limit' -l 'limit' -d 'At most this many rows, newest first (default: 100).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" verify' -l 'verify' -d 'Check the audit trail\'s hash chain; exit 1 when a row was edited or deleted.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl audit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl checkpoint" -eq 1' -fa 'add' -d 'Register a checkpoint.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl checkpoint" -eq 1' -fa 'set' -d 'Change a checkpoint\'s kind, name, grid or staffed hours.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl checkpoint" -eq 1' -fa 'list' -d 'List the checkpoints, removed ones included.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl checkpoint" -eq 1' -fa 'remove' -d 'Remove a checkpoint.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" grid' -l 'grid' -d 'The grid the checkpoint belongs to.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" name' -l 'name' -d 'A name for people, e.g. "North gate".' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" staffed' -l 'staffed' -d 'When it is staffed: 24h, or a daily window HH:MM-HH:MM.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" kind' -l 'kind' -d 'compound (a residential gate, the default), workplace (an employer\'s gate: anyone under quarantine may not start work) or visit (a grid worker\'s home visit: never a violation).' -rfka 'compound workplace visit'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" kind' -l 'kind' -d 'compound (a residential gate, the default), workplace (an employer\'s gate: anyone under quarantine may not start work) or visit (a grid worker\'s home visit: never a violation).' -rfka 'compound workplace visit'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" name' -l 'name' -d 'A name for people, e.g. "North gate".' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" grid' -l 'grid' -d 'The grid the checkpoint belongs to.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" staffed' -l 'staffed' -d 'When it is staffed: 24h, or a daily window HH:MM-HH:MM.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint set" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint list" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint list" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint list" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint remove" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint remove" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint remove" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint remove" force' -l 'force' -d 'Remove it even though stations still belong to it.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl checkpoint remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl station" -eq 1' -fa 'add' -d 'Register a station at a checkpoint and print its token once.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl station" -eq 1' -fa 'list' -d 'List the stations, with whether each is connected.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl station" -eq 1' -fa 'revoke' -d 'Revoke a station: its token stops working at once.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl station" -eq 1' -fa 'rotate' -d 'Give a station a new token and print it once.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station add" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station add" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station add" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station add" checkpoint' -l 'checkpoint' -d 'The checkpoint the station belongs to.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station list" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station list" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station list" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station revoke" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station revoke" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station revoke" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station revoke" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station rotate" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station rotate" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station rotate" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl station rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl backup" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl backup" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl backup" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl backup" reason' -l 'reason' -d 'Why the whole database is copied; it goes to the audit log.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl backup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl check" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl check" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl check" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl reload" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl reload" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl reload" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl reload" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl tls" -eq 1' -fa 'init-ca' -d 'Make the district CA: DIR/ca.pem and DIR/ca.key.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl tls" -eq 1' -fa 'server' -d 'Issue the daemon\'s certificate: DIR/server.pem and DIR/server.key.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl tls" -eq 1' -fa 'station' -d 'Issue a station\'s certificate: DIR/station-ID.pem and DIR/station-ID.key.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls init-ca" dir' -l 'dir' -d 'The directory for the files (created if missing).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls init-ca" name' -l 'name' -d 'The CA\'s name, shown in its certificate.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls init-ca" days' -l 'days' -d 'How many days the CA is valid.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls init-ca" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls server" dir' -l 'dir' -d 'The directory holding ca.pem and ca.key.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls server"' -l 'host' -d 'The daemon\'s DNS names and IP addresses (one or more).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls server" days' -l 'days' -d 'How many days the certificate is valid.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls server" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls station" dir' -l 'dir' -d 'The directory holding ca.pem and ca.key.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls station" days' -l 'days' -d 'How many days the certificate is valid.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl tls station" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl person" -eq 1' -fa 'link' -d 'Link a phone number to a resident ID or other: id (admins only, audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl person" -eq 1' -fa 'unlink' -d 'Remove the link between a phone number and an ID (admins only, audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl person" -eq 1' -fa 'show' -d 'Show who a phone number or ID is through links, and the links (audited).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl person" -eq 1' -fa 'erase' -d 'Erase one person\'s records, alerts, quarantine orders and document number (admins only).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person link" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person link" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person link" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person link" reason' -l 'reason' -d 'Why (written to the audit trail).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person link" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person unlink" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person unlink" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person unlink" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person unlink" reason' -l 'reason' -d 'Why (written to the audit trail).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person unlink" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person show" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person show" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person show" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person show" reason' -l 'reason' -d 'Why you look this person up; it goes to the audit log.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" reason' -l 'reason' -d 'Why (written to the audit trail).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" yes' -l 'yes' -d 'Do not ask for confirmation (for scripts).'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl person erase" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_positional "checkpointctl report" -eq 1' -fa 'daily' -d 'The daily report: a row per checkpoint, a subtotal per grid and the district total.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" socket' -l 'socket' -d 'The control socket of checkpointd (default: $CHECKPOINTD_CONTROL, else the daemon\'s default path).' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" json' -l 'json' -d 'Print the daemon\'s result as one JSON line, for scripts.'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" lang' -l 'lang' -d 'The language of tables and messages (default: from LC_ALL, LC_MESSAGES or LANG; zh_* is Chinese).' -rfka 'en zh'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" date' -l 'date' -d 'The local day: YYYY-MM-DD, today or yesterday.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" grid' -l 'grid' -d 'Only this grid\'s checkpoints and subtotal.' -rfka ''
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" format' -l 'format' -d 'table (default), csv or json.' -rfka 'table csv json'
complete -c 'checkpointctl' -n '__checkpointctl_should_offer_completions_for_flags_or_options "checkpointctl report daily" h help' -s 'h' -l 'help' -d 'Show help information.'
