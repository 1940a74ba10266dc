#!/usr/bin/env bash
# A shell client of the Duban API (curl and jq): log in, list the unit's open inbox items, and with
# `start TASK_ID` start a task, sending the write twice with one Idempotency-Key as a retry would.
#
#   DUBAN_URL=http://localhost:3000 DUBAN_USER=weijian DUBAN_PASSWORD=… docs/examples/duban.sh
#   DUBAN_URL=… DUBAN_USER=… DUBAN_PASSWORD=… docs/examples/duban.sh start 28
set -euo pipefail
api="${DUBAN_URL:-http://localhost:3000}/api/v1"

# A call that prints the answer's body and fails with the refusal's status, code and message.
call() {
  local method=$1 path=$2 body=${3:-} key=${4:-} answer status
  local args=(-sS -X "$method" -H "Authorization: Bearer ${token:-}" -H 'Content-Type: application/json' -w '\n%{http_code}')
  [[ -n $body ]] && args+=(--data "$body")
  [[ -n $key ]] && args+=(-H "Idempotency-Key: $key")
  answer=$(curl "${args[@]}" "$api$path")
  status=${answer##*$'\n'}
  answer=${answer%$'\n'*}
  if ((status >= 400)); then
    jq -r --arg status "$status" '"refused: \($status) \(.code // .error): \(.message | if type == "array" then join("; ") else . end)"' <<<"$answer" >&2
    return 1
  fi
  printf '%s\n' "$answer"
}

token=$(call POST /auth/login "$(jq -n --arg u "$DUBAN_USER" --arg p "$DUBAN_PASSWORD" '{username: $u, password: $p}')" | jq -r .accessToken)

if [[ ${1:-} == start ]]; then
  task_id=$2
  key=$(cat /proc/sys/kernel/random/uuid 2>/dev/null || uuidgen)
  first=$(call POST "/tasks/$task_id/events" '{"type": "START"}' "$key" | jq -r '"\(.state) version \(.version)"')
  # the network broke before the answer arrived, say: the same key gives the same answer, and nothing happens twice
  again=$(call POST "/tasks/$task_id/events" '{"type": "START"}' "$key" | jq -r '"\(.state) version \(.version)"')
  echo "task $task_id: $first (retried: $again)"
  exit 0
fi

call GET '/inbox?status=open&limit=50' | jq -r '"open \(.counts.open), overdue \(.counts.overdue)", (.items[] | [.kind, .taskId, .dueAt, .title] | @tsv)'
