# Shared by script/server and script/test: install Debian packages that are missing.
# As root it installs them (running apt-get update once per call); otherwise it prints the
# exact command to run and fails.

ensure_debian_packages() {
  local missing=()
  local package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "Installing ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "The .NET 10 SDK is not installed. See https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
    return 1
  fi
}

# Debian's own nodejs package ships without npm (it is the separate "npm" package); NodeSource's
# nodejs includes it, and installing Debian's npm beside that one would conflict. So: only if missing.
ensure_npm() {
  command -v npm >/dev/null 2>&1 || ensure_debian_packages npm
}
