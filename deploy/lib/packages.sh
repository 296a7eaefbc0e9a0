# shellcheck shell=bash
# deploy/lib/packages.sh -- install missing Debian packages, and nothing else.
#
# Sourced by deploy/quickstart and tests/run:
#
#     . "$repo/deploy/lib/packages.sh"
#     need_packages build-essential libfcgi-dev nginx-light ...
#
# need_packages checks every name with dpkg-query; only when one or more are
# missing does it run `apt-get update` once and `apt-get install` for the
# missing ones (as root, or through sudo when not root). It prints what it
# installs on stderr and returns non-zero when it cannot install.
#
# QUDAO_SKIP_PACKAGES=1 turns the install into a report of what is missing
# (for machines whose packages are managed by someone else).

# Package lists shared by the scripts that source this file.
# shellcheck disable=SC2034  # used by the scripts that source this file
QUDAO_BUILD_PACKAGES=(build-essential autoconf automake libtool pkg-config
    libfcgi-dev unixodbc-dev libxml2-dev libxslt1-dev libssl-dev
    libmimalloc-dev unicode-data bzip2)
# shellcheck disable=SC2034
QUDAO_RUN_PACKAGES=(libsqliteodbc nginx-light curl xsltproc)

# package_installed NAME: true when dpkg knows NAME as installed.
package_installed() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) || return 1
    [[ $status == "install ok installed" ]]
}

# missing_packages NAME...: prints the names that are not installed, one a line.
missing_packages() {
    local p
    for p in "$@"; do
        package_installed "$p" || printf '%s\n' "$p"
    done
}

# as_root CMD...: runs CMD as root (directly, or through sudo).
as_root() {
    if [[ $(id -u) -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "need_packages: not root and sudo is not installed; run as root: $*" >&2
        return 1
    fi
}

# need_packages NAME...: makes sure every NAME is installed.
need_packages() {
    local -a missing=()
    local p
    if ! command -v dpkg-query >/dev/null 2>&1; then
        echo "need_packages: dpkg-query not found (not a Debian system?)." >&2
        echo "need_packages: make sure these (or their equivalents) are installed: $*" >&2
        [[ ${QUDAO_SKIP_PACKAGES:-0} == 1 ]]
        return
    fi
    while IFS= read -r p; do
        [[ -n $p ]] && missing+=("$p")
    done < <(missing_packages "$@")
    [[ ${#missing[@]} -eq 0 ]] && return 0

    if [[ ${QUDAO_SKIP_PACKAGES:-0} == 1 ]]; then
        echo "need_packages: missing (QUDAO_SKIP_PACKAGES=1, not installing): ${missing[*]}" >&2
        return 1
    fi
    echo "need_packages: installing ${missing[*]}" >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q || return 1
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
        --no-install-recommends "${missing[@]}" || return 1

    # Check again: a misspelt or unavailable name must not pass silently.
    missing=()
    while IFS= read -r p; do
        [[ -n $p ]] && missing+=("$p")
    done < <(missing_packages "$@")
    if [[ ${#missing[@]} -gt 0 ]]; then
        echo "need_packages: still missing after apt-get install: ${missing[*]}" >&2
        return 1
    fi
}

# need_sqlite_odbc_driver: the connection strings name the driver "SQLite3";
# libsqliteodbc registers it in /etc/odbcinst.ini when installed, but a
# machine whose odbcinst.ini was rewritten by hand may have lost it.
need_sqlite_odbc_driver() {
    if odbcinst -q -d -n SQLite3 >/dev/null 2>&1; then
        return 0
    fi
    if [[ -r /usr/share/sqliteodbc/unixodbc.ini ]]; then
        echo "need_sqlite_odbc_driver: registering the SQLite3 ODBC driver" >&2
        as_root odbcinst -i -d -f /usr/share/sqliteodbc/unixodbc.ini >/dev/null || return 1
        odbcinst -q -d -n SQLite3 >/dev/null 2>&1 && return 0
    fi
    echo "need_sqlite_odbc_driver: ODBC driver 'SQLite3' is not registered (see odbc/odbcinst.ini)" >&2
    return 1
}
