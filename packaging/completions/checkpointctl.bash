#!/bin/bash

__checkpointctl_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__checkpointctl_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__checkpointctl_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__checkpointctl_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_checkpointctl() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(-h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    status|stats|alerts|ack|watch|trace|clearance|records|presence|quarantine|export|audit|checkpoint|station|backup|check|reload|tls|http|person|site|report|city|help)
        # Offer subcommand argument completions
        "_checkpointctl_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'status stats alerts ack watch trace clearance records presence quarantine export audit checkpoint station backup check reload tls http person site report city help' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_status() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_stats() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --since --until --checkpoint --grid --by)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--checkpoint')
        return
        ;;
    '--grid')
        return
        ;;
    '--by')
        __checkpointctl_add_completions -W 'checkpoint'$'\n''grid'$'\n''hour'$'\n''day'$'\n''category'
        return
        ;;
    esac
}

_checkpointctl_alerts() {
    repeating_flags=()
    non_repeating_flags=(--json --reveal -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --state --type --since --limit --grid --reason)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--state')
        __checkpointctl_add_completions -W 'open'$'\n''acked'$'\n''all'
        return
        ;;
    '--type')
        __checkpointctl_add_completions -W 'FEVER'$'\n''VIOLATION'$'\n''SILENT'$'\n''DRIFT'$'\n''FOLLOWUP'$'\n''SITE'$'\n''RECHECK_DUE'
        return
        ;;
    '--since')
        return
        ;;
    '--limit')
        return
        ;;
    '--grid')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_ack() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --note --by)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--note')
        return
        ;;
    '--by')
        return
        ;;
    esac
}

_checkpointctl_watch() {
    repeating_flags=()
    non_repeating_flags=(--json --reveal -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --types --grid --reason)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--types')
        return
        ;;
    '--grid')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_trace() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason --days)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_clearance() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_records() {
    repeating_flags=()
    non_repeating_flags=(--json --reveal -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --checkpoint --grid --person --kind --since --until --limit --reason)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--checkpoint')
        return
        ;;
    '--grid')
        return
        ;;
    '--person')
        return
        ;;
    '--kind')
        __checkpointctl_add_completions -W 'TEMP'$'\n''ENTRY'$'\n''EXIT'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--limit')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_presence() {
    repeating_flags=()
    non_repeating_flags=(--json --reveal -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --checkpoint --grid --reason)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--checkpoint')
        return
        ;;
    '--grid')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_quarantine() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|add|release)
        # Offer subcommand argument completions
        "_checkpointctl_quarantine_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list add release' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_quarantine_list() {
    repeating_flags=()
    non_repeating_flags=(--json --all --reveal -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --person --limit --grid --reason)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--person')
        return
        ;;
    '--limit')
        return
        ;;
    '--grid')
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_quarantine_add() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason --days --start --note --grid)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    '--days')
        return
        ;;
    '--start')
        return
        ;;
    '--note')
        return
        ;;
    '--grid')
        return
        ;;
    esac
}

_checkpointctl_quarantine_release() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --note --by)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--note')
        return
        ;;
    '--by')
        return
        ;;
    esac
}

_checkpointctl_export() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --since --until --format --reason --grid)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    '--format')
        __checkpointctl_add_completions -W 'csv'$'\n''jsonl'
        return
        ;;
    '--reason')
        return
        ;;
    '--grid')
        return
        ;;
    esac
}

_checkpointctl_audit() {
    repeating_flags=()
    non_repeating_flags=(--json --verify -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --since --limit)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--since')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_checkpointctl_checkpoint() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|set|list|remove)
        # Offer subcommand argument completions
        "_checkpointctl_checkpoint_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add set list remove' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_checkpoint_add() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --grid --name --staffed --kind --site)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--grid')
        return
        ;;
    '--name')
        return
        ;;
    '--staffed')
        return
        ;;
    '--kind')
        __checkpointctl_add_completions -W 'compound'$'\n''workplace'$'\n''visit'
        return
        ;;
    '--site')
        return
        ;;
    esac
}

_checkpointctl_checkpoint_set() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --kind --name --grid --staffed --site)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--kind')
        __checkpointctl_add_completions -W 'compound'$'\n''workplace'$'\n''visit'
        return
        ;;
    '--name')
        return
        ;;
    '--grid')
        return
        ;;
    '--staffed')
        return
        ;;
    '--site')
        return
        ;;
    esac
}

_checkpointctl_checkpoint_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_checkpoint_remove() {
    repeating_flags=()
    non_repeating_flags=(--json --force -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_station() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|list|revoke|rotate)
        # Offer subcommand argument completions
        "_checkpointctl_station_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add list revoke rotate' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_station_add() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --checkpoint)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--checkpoint')
        return
        ;;
    esac
}

_checkpointctl_station_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_station_revoke() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_station_rotate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_backup() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_check() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_reload() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_tls() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init-ca|server|station)
        # Offer subcommand argument completions
        "_checkpointctl_tls_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init-ca server station' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_tls_init-ca() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--dir --name --days)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--dir')
        return
        ;;
    '--name')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_tls_server() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=(--host)
    non_repeating_options=(--dir --days)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--dir')
        return
        ;;
    '--host')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_tls_station() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--dir --days)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--dir')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_http() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    passwd)
        # Offer subcommand argument completions
        "_checkpointctl_http_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'passwd' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_http_passwd() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=(--file)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--file')
        return
        ;;
    esac
}

_checkpointctl_person() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    import|list|link|unlink|show|erase)
        # Offer subcommand argument completions
        "_checkpointctl_person_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'import list link unlink show erase' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_person_import() {
    repeating_flags=()
    non_repeating_flags=(--json --replace -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --encoding --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--encoding')
        __checkpointctl_add_completions -W 'utf8'$'\n''gbk'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_person_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --grid --category --reason --limit)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--grid')
        return
        ;;
    '--category')
        __checkpointctl_add_completions -W 'home'$'\n''work'$'\n''new'
        return
        ;;
    '--reason')
        return
        ;;
    '--limit')
        return
        ;;
    esac
}

_checkpointctl_person_link() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_person_unlink() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_person_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_person_erase() {
    repeating_flags=()
    non_repeating_flags=(--json --yes -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_site() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|show|add|tag|recheck|workers|health-form)
        # Offer subcommand argument completions
        "_checkpointctl_site_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list show add tag recheck workers health-form' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_site_list() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --grid --tag)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--grid')
        return
        ;;
    '--tag')
        __checkpointctl_add_completions -W 'blue'$'\n''yellow'$'\n''red'
        return
        ;;
    esac
}

_checkpointctl_site_show() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_site_add() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --name --grid)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--name')
        return
        ;;
    '--grid')
        return
        ;;
    esac
}

_checkpointctl_site_tag() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --reason --recheck-by --by)
    __checkpointctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    '--recheck-by')
        return
        ;;
    '--by')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    2)
        __checkpointctl_add_completions -W 'blue'$'\n''yellow'$'\n''red'
        return
        ;;
    esac
}

_checkpointctl_site_recheck() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --note --by)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--note')
        return
        ;;
    '--by')
        return
        ;;
    esac
}

_checkpointctl_site_workers() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    import)
        # Offer subcommand argument completions
        "_checkpointctl_site_workers_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'import' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_site_workers_import() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --encoding)
    __checkpointctl_offer_flags_options 2

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--encoding')
        __checkpointctl_add_completions -W 'utf8'$'\n''gbk'
        return
        ;;
    esac
}

_checkpointctl_site_health-form() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --date --format --reason)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--date')
        return
        ;;
    '--format')
        __checkpointctl_add_completions -W 'table'$'\n''csv'
        return
        ;;
    '--reason')
        return
        ;;
    esac
}

_checkpointctl_report() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    daily)
        # Offer subcommand argument completions
        "_checkpointctl_report_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'daily' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_report_daily() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--socket --lang --date --grid --format)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--socket')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--date')
        return
        ;;
    '--grid')
        return
        ;;
    '--format')
        __checkpointctl_add_completions -W 'table'$'\n''csv'$'\n''json'
        return
        ;;
    esac
}

_checkpointctl_city() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    migrate|add-district|trace|clearance|stats|report)
        # Offer subcommand argument completions
        "_checkpointctl_city_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'migrate add-district trace clearance stats report' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_city_migrate() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    esac
}

_checkpointctl_city_add-district() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang --role)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--role')
        return
        ;;
    esac
}

_checkpointctl_city_trace() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang --reason --days)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_city_clearance() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang --reason --days)
    __checkpointctl_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--reason')
        return
        ;;
    '--days')
        return
        ;;
    esac
}

_checkpointctl_city_stats() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang --by --since --until)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--by')
        __checkpointctl_add_completions -W 'district'$'\n''grid'
        return
        ;;
    '--since')
        return
        ;;
    '--until')
        return
        ;;
    esac
}

_checkpointctl_city_report() {
    repeating_flags=()
    non_repeating_flags=(-h --help)
    repeating_options=()
    non_repeating_options=()
    __checkpointctl_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    daily)
        # Offer subcommand argument completions
        "_checkpointctl_city_report_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'daily' -- "${cur}"))
        ;;
    esac
}

_checkpointctl_city_report_daily() {
    repeating_flags=()
    non_repeating_flags=(--json -h --help)
    repeating_options=()
    non_repeating_options=(--url --password-file --zone --lang --date)
    __checkpointctl_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--url')
        return
        ;;
    '--password-file')
        return
        ;;
    '--zone')
        return
        ;;
    '--lang')
        __checkpointctl_add_completions -W 'en'$'\n''zh'
        return
        ;;
    '--date')
        return
        ;;
    esac
}

_checkpointctl_help() {
    :
}

complete -o filenames -F _checkpointctl checkpointctl
