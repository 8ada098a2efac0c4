#!/usr/bin/env bash
# The action's Diagnose step: runs `command` (its output shown and kept in a log) or takes the
# `log` files, diagnoses them with kdiag --format github (annotations, and the job summary kdiag
# appends to $GITHUB_STEP_SUMMARY), and writes `status=` to $GITHUB_OUTPUT in every case.
#
# GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`, and this script
# sets the same options itself: every status that may be non-zero is taken with `|| rc=$?` or
# PIPESTATUS under `set +e`, so a failing build never ends the step before its diagnosis.
#
# Inputs (environment): KDIAG_COMMAND, KDIAG_LOG (one path per line; blank lines and whitespace
# around a path ignored), KDIAG_TOP, KDIAG_FAIL_ON.
# Exit: the command's status when it failed; else kdiag's (1 with fail-on, 2 when it could not
# work); 2 when the inputs are unusable (neither log nor command, a missing log file).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=paths.sh
source "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

command=${KDIAG_COMMAND:-}
top=${KDIAG_TOP:-5}
fail_on=${KDIAG_FAIL_ON:-}
# `status` output: the command's exit status, 0 when logs were diagnosed, 2 for unusable inputs.
status=2
trap 'echo "status=$status" >>"${GITHUB_OUTPUT:-/dev/null}"' EXIT
usage_error() {
  local message=$*
  echo "::error title=kdiag::${message//%/%25}"   # '%' starts an escape in workflow commands
  exit 2
}

logs=()
while IFS= read -r line || [[ -n $line ]]; do
  line=${line%$'\r'}
  line=${line#"${line%%[![:space:]]*}"}
  line=${line%"${line##*[![:space:]]}"}
  if [[ -n $line ]]; then logs+=("$line"); fi
done <<<"${KDIAG_LOG:-}"

if [[ -z $command && ${#logs[@]} == 0 ]]; then
  usage_error "nothing to diagnose: set the 'command' input (a command whose output is diagnosed) or the 'log' input (log files, one path per line)"
fi
[[ $top =~ ^[0-9]+$ ]] || usage_error "the 'top' input must be a number (0 = all), not '$top'"
case $fail_on in
  "" | error | warning | info) ;;
  *) usage_error "the 'fail-on' input must be error, warning, info or empty, not '$fail_on'" ;;
esac
[[ -x $kdiag_bin ]] || usage_error "kdiag is not at $kdiag_bin (the action's Build step puts it there)"

args=(--format github --top "$top")
if [[ -n $fail_on ]]; then args+=(--fail-on "$fail_on"); fi

if [[ -n $command ]]; then
  if ((${#logs[@]})); then
    echo "::warning title=kdiag::the 'log' input is ignored when 'command' is set: the command's output is diagnosed"
  fi
  # The command runs as a `run:` step would, so a failure in any of its lines fails it.
  out_dir=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/kdiag.XXXXXX")
  set +e
  bash --noprofile --norc -eo pipefail -c "$command" 2>&1 | tee "$out_dir/command-output.log"
  pipe=("${PIPESTATUS[@]}")
  set -e
  status=${pipe[0]}
  ((pipe[1] == 0)) || echo "::warning title=kdiag::the command's output could not all be kept (tee exit ${pipe[1]}); the diagnosis may miss lines"
  # Run from the log's directory: the evidence reads `command-output.log:LINE`, not a temp path.
  kdiag_status=0
  (cd "$out_dir" && "$kdiag_bin" "${args[@]}" -- command-output.log) || kdiag_status=$?
else
  for log in "${logs[@]}"; do
    [[ -f $log && -r $log ]] || usage_error "the log file '$log' (from the 'log' input) does not exist or cannot be read"
  done
  status=0
  kdiag_status=0
  "$kdiag_bin" "${args[@]}" -- "${logs[@]}" || kdiag_status=$?
fi

# The command's own failure wins; then kdiag's verdict (1 with fail-on, 2 on its errors).
if ((status != 0)); then
  exit "$status"
fi
exit "$kdiag_status"
