# Sourced by the project's scripts: picks a JDK >= 17 and exports JAVA_HOME and PATH for it.
# Order: $JAVA_HOME, the `java` on PATH, then the newest JDK under /usr/lib/jvm.

carillon_java_major() { # prints the major version of the java binary $1
  "$1" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2; exit}'
}

carillon_pick_jdk() {
  local candidates=() c major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -Vr); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    major=$(carillon_java_major "$c/bin/java")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 17 ] 2>/dev/null; then
      export JAVA_HOME="$c" PATH="$c/bin:$PATH"
      echo "Using JDK $major at $JAVA_HOME"
      return 0
    fi
  done
  echo "No JDK 17 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm). Install one, e.g. apt-get install openjdk-17-jdk-headless." >&2
  return 1
}
