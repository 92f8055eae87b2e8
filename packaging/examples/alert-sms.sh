#!/bin/sh
# checkpointd alert_command example: posts each alert to an SMS gateway or a webhook with curl.
# checkpointd 告警命令示例：用 curl 把每条告警推送到短信网关或 webhook。
#
#   install -m 0755 alert-sms.sh /usr/local/libexec/checkpointd-alert-sms
#   /etc/checkpointd/checkpointd.conf:  alert_command = /usr/local/libexec/checkpointd-alert-sms
#   /etc/checkpointd/alert-command.env (root:checkpointd, 0640), read here, e.g.:
#     ALERT_WEBHOOK_URL=https://sms.example.org/api/send   (required / 必填)
#     ALERT_WEBHOOK_TOKEN=...        sent as "Authorization: Bearer ..." (optional)
#     ALERT_SMS_TO=13800000000,13900000000   the gateway's "to" (optional; operators' phones, not residents')
#     ALERT_LANG=zh                  zh (default) or en: which text goes in "text"
#     ALERT_EVENTS="opened escalated rechecked acked"   events to send (default: all)
#     ALERT_CURL_MAX_TIME=8          seconds; keep it below alert_command_timeout
#
# It posts one JSON object: {"to","text","text_en","text_zh","id","type","event","state","grid","checkpoint",
# "person","detail","at"} (person is masked: checkpointd never passes a full number). A failed post (no answer,
# HTTP 4xx/5xx) exits non-zero, so checkpointd tries again (5 s, then 30 s) and counts it in health.
# 推送失败时以非零状态退出，checkpointd 会重试（5 秒、30 秒后）并在 health 中计数。
set -eu

env_file=${ALERT_COMMAND_ENV:-/etc/checkpointd/alert-command.env}
if [ -r "$env_file" ]; then
    # shellcheck disable=SC1090
    . "$env_file"
fi

if [ -z "${ALERT_WEBHOOK_URL:-}" ]; then
    echo "alert-sms: set ALERT_WEBHOOK_URL in $env_file / 请在 $env_file 中设置 ALERT_WEBHOOK_URL" >&2
    exit 78
fi

case " ${ALERT_EVENTS:-opened escalated rechecked acked} " in
    *" ${ALERT_EVENT:-} "*) ;;
    *) exit 0 ;;
esac

# A JSON string: backslashes and quotes escaped (the values are single lines).
json() {
    printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"
}

if [ "${ALERT_LANG:-zh}" = en ]; then text=${ALERT_TEXT_EN:-}; else text=${ALERT_TEXT_ZH:-}; fi

body="{\"to\":$(json "${ALERT_SMS_TO:-}"),\"text\":$(json "$text")"
body="$body,\"text_en\":$(json "${ALERT_TEXT_EN:-}"),\"text_zh\":$(json "${ALERT_TEXT_ZH:-}")"
body="$body,\"id\":$(json "${ALERT_ID:-}"),\"type\":$(json "${ALERT_TYPE:-}")"
body="$body,\"event\":$(json "${ALERT_EVENT:-}"),\"state\":$(json "${ALERT_STATE:-}")"
body="$body,\"grid\":$(json "${GRID:-}"),\"checkpoint\":$(json "${CHECKPOINT:-}")"
body="$body,\"person\":$(json "${PERSON_MASKED:-}"),\"detail\":$(json "${DETAIL:-}"),\"at\":$(json "${AT:-}")}"

set -- --silent --show-error --fail --max-time "${ALERT_CURL_MAX_TIME:-8}" \
    --header "Content-Type: application/json; charset=utf-8" --data-binary @-
if [ -n "${ALERT_WEBHOOK_TOKEN:-}" ]; then
    set -- "$@" --header "Authorization: Bearer $ALERT_WEBHOOK_TOKEN"
fi
printf '%s' "$body" | curl "$@" "$ALERT_WEBHOOK_URL" >/dev/null
