# shellcheck shell=bash
# deploy/lib/odbc.sh -- ODBC settings for the processes a script starts.
#
# Sourced by tests/run and the benchmarks:
#
#     . "$repo/deploy/lib/odbc.sh"
#     odbc_quiet_drivers "$tmp/odbc"
#
# odbc_quiet_drivers DIR writes DIR/odbcinst.ini, a copy of the system's
# ODBC drivers file (`odbcinst -j`) with every driver's CommLog and Debug
# set to 0, and exports ODBCSYSINI=DIR, so that unixODBC in this process's
# children reads that copy.  Debian registers psqlODBC with CommLog=1: every
# connection then leaves a psqlodbc_<program>_<user><pid>.log in /tmp, and
# the tests and benchmarks open thousands.  The system's own file is left
# as it is (odbc/odbcinst.ini tells a DBA to turn the log off there).
# Returns non-zero, changing nothing, when there is no system file to copy.
# The copy holds drivers only: connection strings name their driver
# (Driver=...), never a system DSN.

odbc_quiet_drivers() {
    local dir=$1 sys
    sys=$(odbcinst -j 2>/dev/null | sed -n 's/^DRIVERS\.*: //p')
    [[ -n $sys && -r $sys ]] || return 1
    mkdir -p "$dir" || return 1
    sed -E 's/^[[:space:]]*(CommLog|Debug)[[:space:]]*=.*/\1=0/' "$sys" >"$dir/odbcinst.ini" || return 1
    export ODBCSYSINI=$dir
}
