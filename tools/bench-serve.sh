# bench-serve.sh: sourced by the benches that start one wijkregie of their
# own (bench-consult.sh, bench-reach.sh). serve_bench BIN DATA starts it on a
# free loopback port, sets base and wr_pid, logs to $tmp/wijkregie.log and
# waits up to 15 s for /healthz; the caller defines die and $tmp.
serve_bench() {
    local port i=0
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    base=http://127.0.0.1:$port
    "$1" serve --data "$2" --listen "127.0.0.1:$port" --quiet >"$tmp/wijkregie.log" 2>&1 &
    wr_pid=$!
    until curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; do
        kill -0 "$wr_pid" 2>/dev/null || {
            cat "$tmp/wijkregie.log" >&2
            die "wijkregie stopped at start-up"
        }
        [ "$i" -lt 150 ] || die "wijkregie did not answer within 15 s"
        sleep 0.1
        i=$((i + 1))
    done
}
