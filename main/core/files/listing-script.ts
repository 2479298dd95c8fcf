// The shell script that lists one directory of a container, written for any POSIX sh (busybox
// ash, dash, bash) with busybox's or GNU coreutils' `stat`, and its exit codes.
//
// Why not `ls -l` or `find -printf`: ls's columns are split by spaces and its names end at a
// newline, so a name with a space or a newline would not parse back, and its date format differs
// between busybox and GNU; busybox's find has no -printf. Instead the shell's own glob gives the
// names, printed NUL-terminated by the printf builtin (a name can hold anything but "/" and NUL),
// and ONE `stat` run prints a line of metadata per name, in the order given, without the name:
// those lines hold only hex, digits and a user name, so newlines cannot be ambiguous. Pairing by
// order is exact as long as stat found every name; when one vanished meanwhile stat fails and the
// script says so (CHANGED), and main lists again.
//
// Output, on stdout:
//   "porthole-list 1 stat\n" (or "... shell\n" without stat: kinds only, from the shell's tests)
//   per glob group (*, .[!.]*, ..?*: together every name but . and ..):
//     per name: "n" name NUL, or for a symlink "l" name NUL target NUL
//     NUL (an empty record ends the group's names)
//     per name, in order, with stat: "<mode hex> <size> <mtime s> <uid> <user>\n"
//                         without:   "- <d|f|l|o>\n"
// A glob that matches nothing stays as the pattern itself, which then names no file: the group is
// skipped. Symlink targets are read one `readlink` each, as busybox's takes one file.

/** Exit codes of the script (sh's own are 1, 2, 126 and 127). */
export const LISTING_EXIT = {
  noSuchDirectory: 3,
  notADirectory: 4,
  permissionDenied: 5,
  /** An entry vanished between the glob and stat: the listing is not exact, list again. */
  changed: 6,
} as const;

export const LISTING_HEADER = 'porthole-list 1';

const SCRIPT = `d=$1
if [ ! -e "$d" ] && [ ! -L "$d" ]; then exit ${LISTING_EXIT.noSuchDirectory}; fi
if [ ! -d "$d" ]; then exit ${LISTING_EXIT.notADirectory}; fi
cd -- "$d" 2>/dev/null && [ -r . ] || exit ${LISTING_EXIT.permissionDenied}
if command -v stat >/dev/null 2>&1; then tool=stat; else tool=shell; fi
printf '${LISTING_HEADER} %s\\n' "$tool"
failed=0
group() {
  [ -e "$1" ] || [ -L "$1" ] || return 0
  for f; do
    if [ -L "$f" ]; then
      t=$(readlink -- "$f"; echo .); t=\${t%.}
      printf 'l%s\\0%s\\0' "$f" "\${t%?}"
    else
      printf 'n%s\\0' "$f"
    fi
  done
  printf '\\0'
  if [ "$tool" = stat ]; then
    stat -c '%f %s %Y %u %U' -- "$@" || failed=1
  else
    for f; do
      if [ -L "$f" ]; then k=l; elif [ -d "$f" ]; then k=d; elif [ -f "$f" ]; then k=f; else k=o; fi
      printf -- '- %s\\n' "$k"
    done
  fi
}
group *
group .[!.]*
group ..?*
[ "$failed" = 0 ] || exit ${LISTING_EXIT.changed}
`;

/** The command that lists `directory` (passed as an argument, never pasted into the script). */
export function listingArgv(directory: string): [string, ...string[]] {
  return ['sh', '-c', SCRIPT, 'porthole-list', directory];
}
