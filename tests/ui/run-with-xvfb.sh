#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# run-with-xvfb.sh PROGRAM [ARGS...]: runs PROGRAM on a display. With DISPLAY
# set, as is; otherwise on a private Xvfb that picks a free display number
# itself (-displayfd), killed when PROGRAM ends. Bounded: Xvfb gets 10 s to
# start; meson's timeout bounds PROGRAM.
set -u

# RD_PRIVATE_HOME=1: a home folder, data, config, cache and runtime folder
# of this run's own, empty, so that two tests can run at the same time
# without sharing recent files, settings or saved reports.
private_home() {
  export HOME="$tmp/home"
  export XDG_DATA_HOME="$HOME/data"
  export XDG_CONFIG_HOME="$HOME/config"
  export XDG_CACHE_HOME="$HOME/cache"
  export XDG_RUNTIME_DIR="$tmp/runtime"
  mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
}

if [ -n "${DISPLAY:-}" ] && [ "${RD_PRIVATE_HOME:-}" != 1 ]; then
  exec "$@"
fi

tmp=$(mktemp -d)
xvfb_pid=
cleanup() {
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null || true
    wait "$xvfb_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${RD_PRIVATE_HOME:-}" = 1 ]; then
  private_home
fi

if [ -n "${DISPLAY:-}" ]; then
  "$@"
  exit $?
fi

if ! command -v Xvfb >/dev/null; then
  # TAP: skip rather than fail where there is no X server to start.
  echo "1..0 # SKIP no DISPLAY and no Xvfb (apt-get install xvfb)"
  exit 0
fi

# Tall enough that a 360 px wide window can show a whole result page.
Xvfb -displayfd 3 -screen 0 1600x2600x24 -nolisten tcp -noreset \
  3>"$tmp/display" 2>"$tmp/xvfb.log" &
xvfb_pid=$!

for _ in $(seq 200); do
  [ -s "$tmp/display" ] && break
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    echo "Xvfb did not start:" >&2
    cat "$tmp/xvfb.log" >&2
    exit 1
  fi
  sleep 0.05
done
if [ ! -s "$tmp/display" ]; then
  echo "Xvfb did not report a display within 10 s" >&2
  exit 1
fi

export DISPLAY=":$(head -n1 "$tmp/display")"
export GDK_BACKEND=x11
unset WAYLAND_DISPLAY
"$@"
exit $?
