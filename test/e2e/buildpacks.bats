#!/usr/bin/env bats
# Buildpacks on the installed system, pushed over ssh: the buildpacks the write-ups used (apt, PHP,
# Jekyll, Chrome with Python) built by paas's own builders, a .buildpacks file, an unknown URL refused.
load helpers/common

APPS=(bp-apt bp-php bp-file bp-bad bp-jekyll bp-chrome)

setup_file() {
  setup_push_key bp-key
  export GIT_SSH_COMMAND PUSH_KEY
  for app in "${APPS[@]}"; do destroy_app "$app"; done
}

teardown_file() {
  for app in "${APPS[@]}"; do destroy_app "$app"; done
  paas ssh-keys:remove bp-key >/dev/null 2>&1 || true
}

# A stdlib Python web app whose page is the output of a command run per request.
APP_PY='import os, subprocess, http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        out = subprocess.run(["figlet", os.environ.get("WORD", "hi")], capture_output=True, text=True).stdout
        b = ("v1\n" + out).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), H).serve_forever()'

@test "buildpacks: an Aptfile app (apt + python buildpacks) uses a Debian package at run time; a code-only push reuses the apt layer" {
  run paas buildpacks:add bp-apt heroku-community/apt
  assert_failure # no such app yet
  paas apps:create bp-apt >/dev/null
  run paas buildpacks:add bp-apt https://github.com/heroku/heroku-buildpack-apt
  assert_success
  run paas buildpacks:add bp-apt heroku/python
  assert_success
  run $GIT_SSH_COMMAND paas@127.0.0.1 buildpacks:list bp-apt
  assert_success
  assert_output --partial 'https://github.com/heroku/heroku-buildpack-apt'
  assert_output --partial 'https://github.com/heroku/heroku-buildpack-python.git'
  dir="$BATS_FILE_TMPDIR/apt"
  make_repo "$dir" "Aptfile=figlet" "app.py=$APP_PY" 'Procfile=web: python3 app.py'
  run push_app "$dir" bp-apt
  assert_success
  assert_output --partial 'with the python builder (buildpacks from buildpacks:list bp-apt)'
  assert_output --partial 'Aptfile: installing figlet from Debian'
  echo "# first push: $(echo "$output" | grep -o 'Timings:.*')" >&3
  run http_get bp-apt
  assert_output --partial 'v1'
  assert_output --partial '| |__ (_)'

  sed -i 's/"v1\\n"/"v2\\n"/' "$dir/app.py"
  commit_all "$dir" "code only"
  run push_app "$dir" bp-apt
  assert_success
  echo "$output" | grep -A2 -- '--no-install-recommends figlet' | grep -q CACHED
  echo "# code-only push: $(echo "$output" | grep -o 'Timings:.*')" >&3
  run http_get bp-apt
  assert_output --partial 'v2'
}

@test "buildpacks: an index.php app is detected and answers through nginx on \$PORT" {
  dir="$BATS_FILE_TMPDIR/php"
  make_repo "$dir" 'index.php=<?php echo "php " . PHP_MAJOR_VERSION . "." . PHP_MINOR_VERSION . " port " . getenv("PORT") . " path " . $_SERVER["REQUEST_URI"];'
  run push_app "$dir" bp-php
  assert_success
  assert_output --partial 'with the php builder (index.php found)'
  run http_get bp-php /hello
  assert_output --regexp '^php 8\.2 port [0-9]+ path /hello$'
}

@test "buildpacks: a .buildpacks file is honoured (the PHP buildpack wins over the repo's Dockerfile)" {
  dir="$BATS_FILE_TMPDIR/file"
  make_repo "$dir" \
    '.buildpacks=# as Dokku reads it
https://github.com/heroku/heroku-buildpack-php.git#v250' \
    'Dockerfile=FROM paas/busybox
CMD ["sh", "-c", "echo dockerfile"]' \
    'index.php=<?php echo "from the php buildpack";'
  run push_app "$dir" bp-file
  assert_success
  assert_output --partial 'with the php builder (buildpacks from .buildpacks)'
  run http_get bp-file
  assert_output 'from the php buildpack'
}

@test "buildpacks: an unknown buildpack URL is refused clearly, by the command and in .buildpacks" {
  paas apps:create bp-bad >/dev/null
  run paas buildpacks:add bp-bad https://github.com/heroku/heroku-buildpack-ruby
  assert_failure
  assert_output --partial 'Unsupported buildpack https://github.com/heroku/heroku-buildpack-ruby'
  assert_output --partial 'heroku-buildpack-python'
  assert_output --partial 'commit a Dockerfile'
  run paas --quiet buildpacks:list bp-bad
  assert_output ''
  dir="$BATS_FILE_TMPDIR/bad"
  make_repo "$dir" '.buildpacks=https://github.com/example/heroku-buildpack-cobol' 'index.html=hi'
  run push_app "$dir" bp-bad
  assert_failure
  assert_output --partial '.buildpacks file, line 1: Unsupported buildpack https://github.com/example/heroku-buildpack-cobol'
}

@test "buildpacks: a Jekyll site (inket's jekyll buildpack) is built at build time and _site served" {
  paas apps:create bp-jekyll >/dev/null
  run paas buildpacks:set bp-jekyll https://github.com/inket/dokku-buildpack-jekyll3-nginx
  assert_success
  dir="$BATS_FILE_TMPDIR/jekyll"
  make_repo "$dir" \
    '_config.yml=title: Personal site' \
    '_layouts/default.html=<html><title>{{ site.title }}</title><body>{{ content }}</body></html>' \
    'index.md=---
layout: default
---
# Hello from *Jekyll*'
  run push_app "$dir" bp-jekyll
  assert_success
  assert_output --partial 'with the jekyll builder'
  run http_get bp-jekyll
  assert_output --partial '<title>Personal site</title>'
  assert_output --partial '<em>Jekyll</em>'
}

@test "buildpacks: Cards' google-chrome + python buildpacks render a page with a real Chrome screenshot" {
  paas apps:create bp-chrome >/dev/null
  paas buildpacks:add bp-chrome https://github.com/heroku/heroku-buildpack-google-chrome >/dev/null
  paas buildpacks:add bp-chrome https://github.com/heroku/heroku-buildpack-python >/dev/null
  dir="$BATS_FILE_TMPDIR/chrome"
  make_repo "$dir" 'requirements.txt=' 'app.py=import base64, os, subprocess, http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        subprocess.run([os.environ["GOOGLE_CHROME_SHIM"], "--screenshot=/tmp/shot.png", "--window-size=320,200",
                        "data:text/html,<h1>card</h1>"], capture_output=True, timeout=90)
        png = base64.b64encode(open("/tmp/shot.png", "rb").read()).decode()
        b = ("bin=" + os.environ["GOOGLE_CHROME_BIN"] + "\n<img src=\"data:image/png;base64," + png + "\">").encode()
        self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers(); self.wfile.write(b)
http.server.ThreadingHTTPServer(("0.0.0.0", int(os.environ["PORT"])), H).serve_forever()'
  run push_app "$dir" bp-chrome
  assert_success
  assert_output --partial 'with the python builder (buildpacks from buildpacks:list bp-chrome)'
  run curl -sS --max-time 100 -H "Host: bp-chrome.$PAAS_TEST_DOMAIN" http://127.0.0.1/
  assert_output --partial 'bin=/usr/bin/chromium'
  assert_output --partial '<img src="data:image/png;base64,iVBORw0KGgo'
}
