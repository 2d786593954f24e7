#!/usr/bin/env bats
# A real `git push` over ssh to the installed paas, end to end: build, release, deploy, nginx.
load helpers/common

setup_file() {
  setup_push_key tp-key
  export GIT_SSH_COMMAND PUSH_KEY
}

teardown_file() {
  for app in tp-node tp-py tp-docker tp-fail tp-branch; do destroy_app "$app"; done
  paas ssh-keys:remove tp-key >/dev/null 2>&1 || true
}

@test "a node app: push deploys it behind nginx, a second push replaces it, config reaches it" {
  dir="$BATS_TEST_TMPDIR/node"
  make_repo "$dir" \
    'package.json={ "name": "tp-node", "version": "1.0.0", "scripts": { "start": "node server.js" }, "engines": { "node": "20.x" } }' \
    'server.js=require("http").createServer((q, s) => s.end("node v1 " + (process.env.GREETING || "") + "\n")).listen(process.env.PORT)'
  run push_app "$dir" tp-node
  assert_success
  assert_output --partial 'Creating app tp-node'
  assert_output --partial 'Timings: receive'
  assert_output --partial 'http://tp-node.paas.test'
  run http_get tp-node
  assert_output 'node v1 '

  sed -i 's/node v1/node v2/' "$dir/server.js"
  commit_all "$dir" v2
  run push_app "$dir" tp-node
  assert_success
  run http_get tp-node
  assert_output 'node v2 '

  run paas config:set tp-node GREETING='hi there'
  assert_success
  run http_get tp-node
  assert_output 'node v2 hi there'
  run paas releases:list tp-node --format json
  assert_success
  [ "$(echo "$output" | node -e 'let d="";process.stdin.on("data",c=>d+=c).on("end",()=>console.log(JSON.parse(d).length))')" = 3 ]
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
  assert_output --partial 'worker: 1'
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
