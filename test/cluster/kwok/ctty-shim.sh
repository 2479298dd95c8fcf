#!/bin/sh
# Put first on kwok's PATH as `sh` and `bash` (symlinks made per run), so that what kwok runs
# for `kubectl exec -it POD -- sh` is a real interactive shell.
#
# Why: for a tty exec kwok starts the command on a fresh pty but neither makes it a session
# leader nor gives it that pty as its controlling terminal. The shell then prints "can't access
# tty; job control turned off", and Ctrl-C (which the pty turns into SIGINT for the
# terminal's foreground process group) reaches nobody: `sleep 100` cannot be interrupted.
# When stdin is a terminal and this process has no controlling terminal yet, become a session
# leader that owns it (util-linux setsid --ctty); otherwise run the real shell unchanged, so
# non-tty execs and shells started inside a session behave exactly as without the shim.
real="/bin/$(basename "$0")"
# (The probe runs in a subshell: a failed redirection on a special builtin would end this shell.)
if [ -t 0 ] && ! ( exec < /dev/tty ) 2> /dev/null; then
  exec setsid --ctty --wait "$real" "$@"
fi
exec "$real" "$@"
