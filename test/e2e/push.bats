#!/usr/bin/env bats
# A real `git push` over ssh to the installed paas, end to end: build, release, deploy, nginx.
load helpers/common

setup_file() {
  setup_push_key tp-key
  export GIT_SSH_COMMAND PUSH_KEY
}

teardown_file() {
  for app in tp-node tp-py tp-docker tp-fail tp-branch tp-img; do destroy_app "$app"; done
  docker rmi -f tp-img:1 >/dev/null 2>&1 || true
  paas ssh-keys:remove tp-key >/dev/null 2>&1 || true
}

@test "a node app with web and worker: push deploys it behind nginx, scales, and config reaches it" {
  dir="$BATS_FILE_TMPDIR/node"
  make_repo "$dir" \
    'package.json={ "name": "tp-node", "version": "1.0.0", "scripts": { "start": "node server.js" }, "engines": { "node": "20.x" } }' \
    'Procfile=web: node server.js
worker: node worker.js' \
    'app.json={ "formation": { "worker": { "quantity": 1 } } }' \
    'worker.js=console.log("worker up"); setInterval(() => {}, 1000)' \
    'server.js=require("http").createServer((q, s) => s.end("node v1 " + (process.env.GREETING || "") + "\n")).listen(process.env.PORT)'
  run push_app "$dir" tp-node
  assert_success
  assert_output --partial 'Creating app tp-node'
  assert_output --regexp 'Timings: receive [0-9.]+s build [0-9.]+s release [0-9.]+s deploy [0-9.]+s nginx-vhost [0-9.]+s retire [0-9.]+s'
  assert_output --partial '=====> Application deployed:'
  assert_output --partial 'http://tp-node.paas.test'
  run http_get tp-node
  assert_output 'node v1 '
  run docker ps -q --filter label=paas.app=tp-node --filter label=paas.process=worker
  [ -n "$output" ]

  run paas ps:scale tp-node web=2
  assert_success
  live=$(cat /var/lib/paas/props/ps/tp-node/live-deploy)
  [ "$(docker ps -q --filter label=paas.app=tp-node --filter label=paas.process=web --filter "label=paas.deploy=$live" | wc -l)" -eq 2 ]
  [ "$(grep -c 'server 172\.' /var/lib/paas/nginx/live/tp-node.conf)" -eq 2 ]

  sed -i 's/node v1/node v2/' "$dir/server.js"
  commit_all "$dir" v2
  run push_app "$dir" tp-node
  assert_success
  run http_get tp-node
  assert_output 'node v2 '

  run paas config:set tp-node GREETING=hi
  assert_success
  run http_get tp-node
  assert_output 'node v2 hi'
  run paas config:set --no-restart tp-node GREETING=later
  assert_success
  run http_get tp-node
  assert_output 'node v2 hi'
}

@test "a push whose start command fails is rejected and the old release keeps answering" {
  dir="$BATS_FILE_TMPDIR/node"
  echo 'web: node -e "process.exit(1)"' > "$dir/Procfile"
  commit_all "$dir" 'broken start'
  run push_app "$dir" tp-node
  assert_failure
  assert_output --partial 'pre-receive hook declined'
  run http_get tp-node
  assert_output 'node v2 hi'
}

@test "an image deploy serves its page" {
  docker build -q -t tp-img:1 - >/dev/null <<'DOCKERFILE'
FROM paas/busybox
RUN mkdir /www && echo 'from an image' > /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]
DOCKERFILE
  paas apps:create tp-img >/dev/null
  run paas git:from-image tp-img tp-img:1
  assert_success
  run http_get tp-img
  assert_output 'from an image'
}

@test "bad domains and ports are refused and nginx -t still passes" {
  run paas domains:add tp-node 'bad domain;'
  assert_failure
  assert_output --partial 'Invalid domain'
  run paas ports:add tp-node http:99999:5000
  assert_failure
  run nginx -t
  assert_success
  run http_get tp-node
  assert_output 'node v2 hi'
}

@test "a python app with a Procfile and a worker scaled by ps:scale" {
  dir="$BATS_TEST_TMPDIR/py"
  make_repo "$dir" \
    'requirements.txt=' \
    'Procfile=web: python3 app.py
worker: python3 -c "import time; print(\"worker up\", flush=True); time.sleep(100000)"' \
    'app.py=import http.server, os
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"python ok\n")
http.server.HTTPServer(("", int(os.environ["PORT"])), H).serve_forever()'
  run push_app "$dir" tp-py
  assert_success
  run http_get tp-py
  assert_output 'python ok'
  run paas ps:scale tp-py web=2 worker=1
  assert_success
  [ "$(docker ps -q --filter label=paas.app=tp-py --filter label=paas.process=web --filter label=paas.kind=deploy | wc -l)" -ge 2 ]
  wait_until 20 sh -c '[ "$(docker ps -q --filter label=paas.app=tp-py --filter label=paas.process=worker | wc -l)" = 1 ]'
  run paas ps:scale tp-py
  assert_line --regexp '^worker: +1$'
  run http_get tp-py
  assert_output 'python ok'
}

@test "a Dockerfile app: a failed build rejects the push and the running release keeps serving" {
  dir="$BATS_TEST_TMPDIR/docker"
  make_repo "$dir" \
    'Dockerfile=FROM paas/busybox
COPY index.html /www/index.html
CMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]' \
    'index.html=docker v1'
  run push_app "$dir" tp-docker
  assert_success
  run http_get tp-docker
  assert_output 'docker v1'

  printf 'FROM paas/busybox\nRUN exit 3\n' > "$dir/Dockerfile"
  commit_all "$dir" broken
  run push_app "$dir" tp-docker
  assert_failure
  assert_output --partial 'pre-receive hook declined'
  run http_get tp-docker
  assert_output 'docker v1'
  # the branch did not move: the server still has the good commit
  run git -c safe.directory='*' -C /var/lib/paas/repos/tp-docker.git log -1 --format=%s main
  assert_output init
}

@test "a push to another branch says how to deploy and deploys nothing" {
  dir="$BATS_TEST_TMPDIR/branch"
  make_repo "$dir" 'index.html=branch'
  git -C "$dir" branch -m main feature
  run git -C "$dir" push "paas@127.0.0.1:tp-branch" feature
  assert_output --partial 'deploy branch'
  assert_output --partial 'git:set tp-branch deploy-branch'
  run docker ps -q --filter label=paas.app=tp-branch
  assert_output ''
}

@test "a failing build of a new app leaves nothing running and the next push works" {
  dir="$BATS_TEST_TMPDIR/fail"
  make_repo "$dir" 'Dockerfile=FROM paas/busybox
RUN false'
  run push_app "$dir" tp-fail
  assert_failure
  printf 'FROM paas/busybox\nCOPY index.html /www/index.html\nCMD ["sh", "-c", "exec httpd -f -p $PORT -h /www"]\n' > "$dir/Dockerfile"
  echo fixed > "$dir/index.html"
  commit_all "$dir" fixed
  run push_app "$dir" tp-fail
  assert_success
  run http_get tp-fail
  assert_output fixed
}
