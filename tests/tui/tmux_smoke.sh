#!/usr/bin/env bash
# Smoke test in a real terminal: run `scoresync tui` on the demo project inside tmux at
# 120x36, press a few keys, print what the screen shows, and check the cues are there.
# Usage: tests/tui/tmux_smoke.sh [path/to/scoresync]
set -euo pipefail

if ! command -v tmux >/dev/null 2>&1; then
    echo "tmux_smoke: tmux is not installed (apt-get install tmux); skipped" >&2
    exit 0
fi

SCORESYNC=${1:-$(command -v scoresync || true)}
if [[ -z "$SCORESYNC" ]]; then
    echo "tmux_smoke: no scoresync command; pass its path or activate the environment" >&2
    exit 2
fi

WORK=$(mktemp -d)
SESSION="scoresync-smoke-$$"
export TMUX_TMPDIR="$WORK" XDG_CONFIG_HOME="$WORK/config" SCORESYNC_AUTOSAVE_SECONDS=0
unset TMUX
cleanup() {
    tmux kill-session -t "$SESSION" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

"$SCORESYNC" demo "$WORK/demo.scoresync.json" --no-tui >/dev/null 2>&1
tmux new-session -d -s "$SESSION" -x 120 -y 36 -c "$WORK" \
    "TERM=xterm-256color '$SCORESYNC' tui demo.scoresync.json"

wait_for() {  # wait_for TEXT: poll the pane until TEXT shows (10 s at most)
    for _ in $(seq 50); do
        if tmux capture-pane -p -t "$SESSION" | grep -qF -- "$1"; then return 0; fi
        sleep 0.2
    done
    echo "tmux_smoke: '$1' never appeared; the screen was:" >&2
    tmux capture-pane -p -t "$SESSION" >&2
    exit 1
}

wait_for "End Credits"
wait_for "Commands"  # the footer: focus and bindings are in place
echo "== after start =="
tmux capture-pane -p -t "$SESSION"

tmux send-keys -t "$SESSION" Down Down .
wait_for "1M2A  Ticket"
echo "== after Down Down . (1M2A selected, cursor on its first hit) =="
tmux capture-pane -p -t "$SESSION"

for cue in 1M1 1M2 1M2A 1M3 1M4 2M1S 2M2 2M3; do
    tmux capture-pane -p -t "$SESSION" | grep -qF -- "$cue" || { echo "missing $cue" >&2; exit 1; }
done

tmux send-keys -t "$SESSION" q
for _ in $(seq 50); do
    tmux has-session -t "$SESSION" 2>/dev/null || { echo "tmux_smoke: ok"; exit 0; }
    sleep 0.2
done
echo "tmux_smoke: q did not quit" >&2
exit 1
