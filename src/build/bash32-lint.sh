#!/usr/bin/env bash
# Rejects what bash 3.2 (macOS's /bin/bash) lacks, in the scripts that must run there (bin/ghp).
# No bash 3.2 runs in CI, so this reads the text: each rule names a construct and the bash release
# that brought it (bash's CHANGES). Comments and here-document bodies are not read.
#
#   src/build/bash32-lint.sh FILE...      exit 0: none found; 1: found (one line each); 2: usage
#
# Empty arrays: before bash 4.4, "${a[@]}" (and ${#a[@]}, ${!a[@]}) of an empty array is an
# "unbound variable" under set -u. Every array expansion is therefore written ${a[@]+"${a[@]}"}
# (or ${a[*]-}, a joined string), unless the file names the array as never empty:
#   # bash32-lint: never-empty NAME...
# which says that every assignment to NAME gives it at least one element.
set -u

if [ $# = 0 ]; then
  echo "usage: src/build/bash32-lint.sh FILE..." >&2
  exit 2
fi

status=0
for file in "$@"; do
  if [ ! -r "$file" ]; then
    echo "bash32-lint: cannot read $file" >&2
    exit 2
  fi
  awk -v file="$file" '
    function flag(what) {
      printf "%s:%d: %s: %s\n", file, NR, what, raw
      found = 1
    }
    # The never-empty declarations are comments: read them before comments are dropped.
    /^[[:space:]]*#[[:space:]]*bash32-lint:[[:space:]]*never-empty[[:space:]]/ {
      n = split($0, words, /[[:space:]]+/)
      for (i = 1; i <= n; i++) if (words[i] ~ /^[A-Za-z_][A-Za-z0-9_]*$/) nonempty[words[i]] = 1
      next
    }
    {
      raw = $0
      if (heredoc != "") {
        line = $0
        if (heredoc_tabs) sub(/^\t+/, "", line)
        if (line == heredoc) heredoc = ""
        next
      }
      code = $0
      if (code ~ /^[[:space:]]*#/) next
      sub(/(^|[[:space:]])#.*$/, "", code)

      # A here-document starts after this line.
      if (match(code, /<<-?[[:space:]]*["\047]?[A-Za-z_][A-Za-z0-9_]*["\047]?/) && substr(code, RSTART, 3) != "<<<") {
        word = substr(code, RSTART, RLENGTH)
        heredoc_tabs = (word ~ /^<<-/)
        sub(/^<<-?[[:space:]]*/, "", word)
        gsub(/["\047]/, "", word)
        heredoc = word
      }

      if (code ~ /\{[A-Za-z_][A-Za-z0-9_]*\}[<>]/) flag("{var} redirection (bash 4.1); use a fixed fd such as exec 9<>")
      if (code ~ /(^|[^A-Za-z0-9_-])(mapfile|readarray)([^A-Za-z0-9_-]|$)/) flag("mapfile/readarray (bash 4.0)")
      if (code ~ /(^|[^A-Za-z0-9_-])(declare|typeset|local)[[:space:]]+(-[A-Za-z]+[[:space:]]+)*-[A-Za-z]*A/) flag("associative array, declare -A (bash 4.0)")
      if (code ~ /(^|[^A-Za-z0-9_-])(declare|typeset|local)[[:space:]]+(-[A-Za-z]+[[:space:]]+)*-[A-Za-z]*g/) flag("declare -g (bash 4.2)")
      if (code ~ /(^|[^A-Za-z0-9_-])(declare|typeset|local)[[:space:]]+(-[A-Za-z]+[[:space:]]+)*-[A-Za-z]*n/) flag("nameref, declare/local -n (bash 4.3)")
      if (code ~ /(^|[^A-Za-z0-9_-])(declare|typeset|local)[[:space:]]+(-[A-Za-z]+[[:space:]]+)*-[A-Za-z]*[lu]/) flag("case attribute, declare -l/-u (bash 4.0)")
      if (code ~ /\$\{[#!]?[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?(\^|,)/) flag("case modification ${x^^} ${x,,} (bash 4.0)")
      if (code ~ /(EPOCHSECONDS|EPOCHREALTIME|BASH_ARGV0|SRANDOM)/) flag("EPOCHSECONDS, EPOCHREALTIME, BASH_ARGV0, SRANDOM (bash 5.0, 5.1); use date +%s")
      if (code ~ /BASHPID/) flag("$BASHPID (bash 4.0)")
      if (code ~ /(^|[^A-Za-z0-9_-])coproc([^A-Za-z0-9_-]|$)/) flag("coproc (bash 4.0)")
      if (code ~ /(^|[^A-Za-z0-9_-])wait[[:space:]]+(-[A-Za-z]+[[:space:]]+)*-[A-Za-z]*[nfp]/) flag("wait -n/-f/-p (bash 4.3, 5.0, 5.1)")
      if (code ~ /;;&/ || code ~ /(^|[^;]);&/) flag("case fall-through ;& or ;;& (bash 4.0)")
      if (code ~ /\|&/) flag("|& (bash 4.0); use 2>&1 |")
      if (code ~ /&>>/) flag("&>> (bash 4.0); use >>file 2>&1")
      if (code ~ /%\([^)]*\)T/) flag("printf %(...)T (bash 4.2); use date")
      if (code ~ /\$\{[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?@[A-Za-z]\}/) flag("${x@Q} transformation (bash 4.4)")
      if (code ~ /(\[\[?|(^|[^A-Za-z0-9_-])test)[[:space:]]+-[vR][[:space:]]/) flag("test -v/-R (bash 4.2, 4.3)")
      if (code ~ /\$\{[A-Za-z_][A-Za-z0-9_]*\[[[:space:]]*-[0-9]/) flag("negative array subscript (bash 4.2)")
      if (code ~ /\$\{[A-Za-z_][A-Za-z0-9_]*:[^-}:][^}:]*:[[:space:]]*-[0-9]/) flag("negative substring length ${x:0:-1} (bash 4.2)")
      if (code ~ /shopt[[:space:]]+-[A-Za-z]*[su][A-Za-z]*[[:space:]].*(globstar|lastpipe|autocd|checkjobs|direxpand|dirspell|inherit_errexit|localvar_inherit|localvar_unset|assoc_expand_once|globasciiranges|patsub_replacement|compat4)/) flag("shopt option newer than bash 3.2")

      # read: -N (4.1), -i (4.0), a fractional -t (4.0).
      rest = code
      while (match(rest, /(^|[^A-Za-z0-9_.-])read[[:space:]]+/)) {
        rest = substr(rest, RSTART + RLENGTH)
        args = rest
        sub(/[;|&<>)].*$/, "", args)
        n = split(args, words, /[[:space:]]+/)
        for (i = 1; i <= n; i++) {
          if (words[i] ~ /^-[A-Za-z]*N/) flag("read -N (bash 4.1); read -d \047\047 -n N stops at NUL only")
          if (words[i] ~ /^-[A-Za-z]*i/) flag("read -i (bash 4.0)")
          if (words[i] ~ /^-[A-Za-z]*t$/ && words[i + 1] ~ /\./) flag("read -t with a fraction (bash 4.0)")
        }
      }

      # Array expansions: guarded ${a[@]+"${a[@]}"}, joined ${a[*]-}, or a never-empty array.
      rest = code
      guard = "\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[[@*]\\]\\+\"?\\$\\{[A-Za-z_][A-Za-z0-9_]*\\[[@*]\\]\\}\"?\\}"
      while (match(rest, guard)) {
        g = substr(rest, RSTART, RLENGTH)
        outer = g; sub(/^\$\{/, "", outer); sub(/\[.*$/, "", outer)
        inner = g; sub(/^[^+]*\+"?\$\{/, "", inner); sub(/\[.*$/, "", inner)
        if (outer != inner) flag("${" outer "[@]+...} guards another array, " inner)
        rest = substr(rest, 1, RSTART - 1) "GUARDED" substr(rest, RSTART + RLENGTH)
      }
      gsub(/\$\{[A-Za-z_][A-Za-z0-9_]*\[\*\]:?-\}/, "JOINED", rest)
      while (match(rest, /\$\{[#!]?[A-Za-z_][A-Za-z0-9_]*\[[@*]\]/)) {
        name = substr(rest, RSTART + 2, RLENGTH - 2)
        sub(/^[#!]/, "", name)
        sub(/\[.*$/, "", name)
        if (!(name in nonempty)) flag("${" name "[@]} of an empty array is unbound under set -u before bash 4.4; write ${" name "[@]+\"${" name "[@]}\"}")
        rest = substr(rest, RSTART + RLENGTH)
      }
    }
    END {
      if (heredoc != "") { printf "%s: here-document %s never ends\n", file, heredoc; found = 1 }
      exit found
    }
  ' "$file" || status=1
done
exit "$status"
