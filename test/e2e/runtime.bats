#!/usr/bin/env bats
# Runtime options on the installed system: persistent storage, raw TCP/UDP ports, capabilities and
# sysctls, memory limits, app-to-app networking. Apps deploy a locally built image (git:from-image).
load 'helpers/common.bash'

IMAGE=tg-test/runtime:1
APPS=(tg-opts tg-set tg-data tg-mem tg-net-a tg-net-b)

# A small python server: HTTP on $PORT (/write/X and /read use /data/value, /fetch/HOST:PORT/ calls
# another app, /eat allocates until the kernel kills it), plus TCP 25565 and UDP 51820 when TG_PORTS=1.
build_image() {
  local dir="$BATS_FILE_TMPDIR/image"
  mkdir -p "$dir"
  cat > "$dir/server.py" <<'PY'
import os, socket, threading, http.server, urllib.request

PORT = int(os.environ.get("PORT", "5000"))
NAME = os.environ.get("APP_NAME", "tg")

def tcp():
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", 25565)); s.listen(5)
    while True:
        c, _ = s.accept(); c.sendall(b"tcp-ok\n"); c.close()

def udp():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", 51820))
    while True:
        data, addr = s.recvfrom(1024); s.sendto(b"udp-ok:" + data, addr)

class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def reply(self, body):
        b = body.encode(); self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
    def do_GET(self):
        p = self.path
        if p.startswith("/write/"):
            with open("/data/value", "w") as f: f.write(p[len("/write/"):])
            return self.reply("written")
        if p == "/read":
            try: return self.reply(open("/data/value").read())
            except FileNotFoundError: return self.reply("missing")
        if p.startswith("/fetch/"):
            try: return self.reply(urllib.request.urlopen("http://" + p[len("/fetch/"):], timeout=5).read().decode())
            except Exception as e: return self.reply("fetch-failed: %s" % e)
        if p == "/eat":
            hog = []
            while True: hog.append(bytearray(8 * 1024 * 1024))
        return self.reply("%s ok" % NAME)

if os.environ.get("TG_PORTS") == "1":
    threading.Thread(target=tcp, daemon=True).start()
    threading.Thread(target=udp, daemon=True).start()
http.server.ThreadingHTTPServer(("0.0.0.0", PORT), H).serve_forever()
PY
  printf 'FROM paas/python:3.11\nCOPY server.py /app/server.py\nCMD ["python3", "-u", "/app/server.py"]\n' > "$dir/Dockerfile"
  docker build -q -t "$IMAGE" "$dir" >/dev/null 2>&1
}

cleanup() {
  local app
  for app in "${APPS[@]}"; do destroy_app "$app"; done
  docker network rm tg-net >/dev/null 2>&1 || true
  docker volume rm tg-data-vol >/dev/null 2>&1 || true
}

setup_file() {
  cleanup
  build_image
}

teardown_file() {
  cleanup
  docker rmi "$IMAGE" >/dev/null 2>&1 || true
}

web_container() { # APP -> id of the running web container
  docker ps -q --filter "label=paas.app=$1" --filter "label=paas.process=web" --filter "label=paas.kind=deploy" | head -n1
}

tcp_get() { # PORT
  python3 -c 'import socket,sys; s=socket.create_connection(("127.0.0.1", int(sys.argv[1])), 5); print(s.recv(100).decode().strip())' "$1"
}

udp_get() { # PORT
  python3 -c 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5); s.sendto(b"ping", ("127.0.0.1", int(sys.argv[1]))); print(s.recv(100).decode())' "$1"
}

restarted() { # CONTAINER_ID: docker restarted it at least once
  [ "$(docker inspect -f '{{.RestartCount}}' "$1")" -ge 1 ]
}

container_get() { # CONTAINER_ID PATH: HTTP GET on the container's own address and port 5000
  local ip
  ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$1" | awk '{print $1}')
  curl -sS --max-time 5 "http://$ip:5000$2"
}

deploy_image() { # APP
  run paas git:from-image "$1" "$IMAGE"
  assert_success
}

@test "docker-options: shell syntax and unknown options are refused and nothing is stored" {
  paas apps:create tg-opts
  run paas docker-options:add tg-opts deploy "--privileged; rm -rf /"
  assert_failure 64
  assert_output --partial 'not run by a shell'
  run paas docker-options:add tg-opts deploy --bogus-flag
  assert_failure 64
  assert_output --partial 'Unsupported docker option "--bogus-flag"'
  run paas docker-options:add tg-opts deploy,run "-p 1234:1234 --bogus"
  assert_failure 64
  run paas docker-options:add tg-opts build "-p 1234:1234"
  assert_failure 64
  assert_output --partial 'cannot be used in the build phase'
  assert_file_not_exists /var/lib/paas/props/docker-options/tg-opts/deploy
  assert_file_not_exists /var/lib/paas/props/docker-options/tg-opts/run
  assert_file_not_exists /var/lib/paas/props/docker-options/tg-opts/build
  run paas docker-options:add tg-opts deploy "-p 1234:1234 --publish=53:53/udp" "-e 'GREETING=hello world'"
  assert_success
  run paas docker-options:report tg-opts --docker-options-deploy
  assert_output "-p 1234:1234 --publish=53:53/udp -e 'GREETING=hello world'"
  run paas docker-options:remove tg-opts deploy "--publish 1234:1234"
  assert_success
  run paas docker-options:report tg-opts --format json
  # Dokku's JSON: each key without the report's prefix and with it, and each phase's options as a list.
  assert_output '{"build":"","docker-options-build":"","deploy":"--publish=53:53/udp -e '"'"'GREETING=hello world'"'"'","docker-options-deploy":"--publish=53:53/udp -e '"'"'GREETING=hello world'"'"'","run":"","docker-options-run":"","build-list":[],"deploy-list":["--publish=53:53/udp","-e '"'"'GREETING=hello world'"'"'"],"run-list":[]}'
}

@test "storage, resource and network settings: bad input is refused with a reason and changes nothing" {
  paas apps:create tg-set
  run paas storage:mount tg-set /srv/x
  assert_failure 64
  assert_output --partial 'HOST_PATH:CONTAINER_PATH'
  run paas storage:mount tg-set /srv/../etc:/etc
  assert_failure 64
  run paas storage:ensure-directory ../escape
  assert_failure 64
  assert_file_not_exists /var/lib/paas/props/storage/tg-set/mounts
  run paas storage:mount tg-set /srv/tg-set:/data:ro
  assert_success
  run paas storage:mount tg-set /srv/other:/data
  assert_failure
  assert_output --partial 'already mounted'
  run paas storage:report tg-set --storage-run-mounts
  assert_output '-v /srv/tg-set:/data:ro'

  run paas resource:limit --memory lots tg-set
  assert_failure 64
  run paas resource:limit --memory 256 --memory-swap 128 tg-set
  assert_failure 64
  assert_output --partial 'must be at least the memory limit'
  run paas resource:report tg-set --format json
  assert_output '{}'
  run paas resource:limit --process-type worker --cpu 0.5 --pids 100 tg-set
  assert_success
  run paas resource:report tg-set --format json
  assert_output '{"worker.limit.cpu":"0.5","resource-worker.limit.cpu":"0.5","worker.limit.pids":"100","resource-worker.limit.pids":"100"}'

  run paas network:set tg-set frobnicate x
  assert_failure 64
  run paas network:set tg-set bind-all-interfaces maybe
  assert_failure 64
  run paas network:report tg-set --network-bind-all-interfaces
  assert_output ''
}

@test "data volume, raw TCP and UDP ports, NET_ADMIN and a sysctl survive a redeploy and ps:rebuild" {
  paas apps:create tg-data
  paas config:set --no-restart tg-data TG_PORTS=1 APP_NAME=tg-data
  run paas storage:mount tg-data tg-data-vol:/data
  assert_success
  run paas storage:list tg-data
  assert_output --partial 'tg-data-vol:/data'
  paas docker-options:add tg-data deploy "-p 25565:25565 -p 51820:51820/udp"
  paas docker-options:add tg-data deploy "--cap-add NET_ADMIN --sysctl net.ipv4.ip_forward=1"
  deploy_image tg-data

  run http_get tg-data /
  assert_output 'tg-data ok'
  run http_get tg-data /write/kept-across-deploys
  assert_output 'written'
  run tcp_get 25565
  assert_output 'tcp-ok'
  run udp_get 51820
  assert_output 'udp-ok:ping'

  local cid
  cid=$(web_container tg-data)
  run docker inspect -f '{{json .HostConfig.CapAdd}} {{json .HostConfig.Sysctls}} {{json .HostConfig.Binds}}' "$cid"
  assert_output '["NET_ADMIN"] {"net.ipv4.ip_forward":"1"} ["tg-data-vol:/data"]'
  run docker exec "$cid" cat /proc/sys/net/ipv4/ip_forward
  assert_output '1'
  # CAP_NET_ADMIN is capability 12 in the effective set.
  run docker exec "$cid" python3 -c 'print(int([l for l in open("/proc/self/status") if l.startswith("CapEff")][0].split()[1], 16) >> 12 & 1)'
  assert_output '1'
  # NET_ADMIN really works: changing the MTU of lo is refused without it (EPERM).
  run docker exec "$cid" python3 -c 'import fcntl,socket,struct; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); fcntl.ioctl(s, 0x8922, struct.pack("16si12x", b"lo", 65000)); print("mtu-set")'
  assert_output 'mtu-set'

  run paas ps:restart tg-data
  assert_success
  local cid2
  cid2=$(web_container tg-data)
  [ -n "$cid2" ] && [ "$cid2" != "$cid" ]
  run http_get tg-data /read
  assert_output 'kept-across-deploys'
  run tcp_get 25565
  assert_output 'tcp-ok'
  run udp_get 51820
  assert_output 'udp-ok:ping'

  run paas ps:rebuild tg-data
  assert_success
  local cid3
  cid3=$(web_container tg-data)
  [ -n "$cid3" ] && [ "$cid3" != "$cid2" ]
  run http_get tg-data /read
  assert_output 'kept-across-deploys'
  run tcp_get 25565
  assert_output 'tcp-ok'
  run udp_get 51820
  assert_output 'udp-ok:ping'
  run docker inspect -f '{{json .HostConfig.CapAdd}} {{json .HostConfig.Sysctls}}' "$cid3"
  assert_output '["NET_ADMIN"] {"net.ipv4.ip_forward":"1"}'

  # paas-storage-mount is the same storage, as its own executable.
  run paas-storage-mount tg-data list --format json
  assert_output '[{"host_path":"tg-data-vol","container_path":"/data"}]'
}

@test "a memory limit shows in docker inspect, is enforced, and the app restarts after the kill" {
  paas apps:create tg-mem
  paas config:set --no-restart tg-mem APP_NAME=tg-mem
  run paas resource:limit --memory 48 --memory-swap 48 tg-mem
  assert_success
  run paas resource:report tg-mem --resource-_default_.limit.memory
  assert_output '48'
  deploy_image tg-mem
  run http_get tg-mem /
  assert_output 'tg-mem ok'

  local cid
  cid=$(web_container tg-mem)
  run docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.RestartCount}}' "$cid"
  assert_output "$((48 * 1024 * 1024)) $((48 * 1024 * 1024)) 0"

  # Allocating past the limit gets the process killed by the kernel (nginx answers 502 meanwhile).
  run http_get tg-mem /eat
  refute_output 'tg-mem ok'
  wait_until 30 restarted "$cid"
  run docker inspect -f '{{.State.OOMKilled}}' "$cid"
  assert_output 'true'
  # Docker restarted the same container; ask it directly (a restart may give it a new address).
  wait_until 30 container_get "$cid" /
  run container_get "$cid" /
  assert_output 'tg-mem ok'
  [ "$(web_container tg-mem)" = "$cid" ]
}

@test "two apps on one network reach each other by APP.PROC; an app with proxy:disable has no vhost" {
  run paas network:create tg-net
  assert_success
  run paas network:exists tg-net
  assert_success
  local app
  for app in tg-net-a tg-net-b; do
    paas apps:create "$app"
    paas config:set --no-restart "$app" APP_NAME="$app"
  done
  # a joins after its deploy went live; b is created on the network (and only there).
  run paas network:set tg-net-a attach-post-deploy tg-net
  assert_success
  run paas network:set tg-net-b initial-network tg-net
  assert_success
  run paas network:set tg-net-b attach-post-create tg-nope
  assert_failure
  assert_output --partial 'Network tg-nope does not exist'
  paas proxy:disable tg-net-b
  deploy_image tg-net-a
  deploy_image tg-net-b

  run http_get tg-net-a /fetch/tg-net-b.web:5000/
  assert_output 'tg-net-b ok'
  run docker exec "$(web_container tg-net-b)" python3 -c 'import urllib.request; print(urllib.request.urlopen("http://tg-net-a.web:5000/", timeout=5).read().decode())'
  assert_output 'tg-net-a ok'
  run paas network:report tg-net-a --network-computed-attach-post-deploy
  assert_output 'tg-net'
  run docker inspect -f '{{.HostConfig.NetworkMode}} {{json (index .NetworkSettings.Networks "tg-net").Aliases}}' "$(web_container tg-net-b)"
  assert_output --regexp '^tg-net \["tg-net-b.web",'

  # The app without proxy is reachable on the network only.
  assert_file_not_exists /var/lib/paas/nginx/live/tg-net-b.conf
  run http_get tg-net-b /
  refute_output 'tg-net-b ok'

  # A network in use is not destroyed.
  run paas network:destroy tg-net --force
  assert_failure
  assert_output --partial 'still set for app(s) tg-net-a, tg-net-b'
}
