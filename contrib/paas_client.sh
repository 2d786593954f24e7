#!/usr/bin/env bash
# paas_client.sh: run paas commands on a paas server from your own machine, over ssh.
# A port of Dokku's contrib/dokku_client.sh (MIT, dokku/dokku): same flags, the same `remote*`
# commands, the same `remote:show` labels, exit code 20 when no host is configured. Differences are
# listed in docs/dokku-differences.md (## client).
#
#   alias paas='bash /path/to/contrib/paas_client.sh'
#   cd my-app && paas config:set KEY=value        # the app comes from the `paas` git remote
#   PAAS_HOST=paas.example.com paas apps:list
#
# Environment (Dokku's DOKKU_* names are read when the PAAS_* one is unset):
#   PAAS_HOST        server to talk to (default: the host of the git remote)
#   PAAS_PORT        ssh port (default: the remote's port, else 22)
#   PAAS_GIT_REMOTE  git remote naming the app (default: git config paas.remote, else `paas`, else an
#                    existing `dokku` remote)
#   PAAS_APP_PATH    run as if from this directory (the flag --app-path does the same)
#   PAAS_TRACE       trace this script (set -x); --trace does too, and asks the server to trace
# Flags (anywhere on the line, taken out before the command is sent):
#   --app APP  --remote NAME  --app-path DIR
# Every argument reaches the server as the word it was here: each is quoted for the server's word
# splitter (paas never runs a shell for an ssh command), so spaces, quotes and `$(...)` stay literal.
set -eo pipefail

PAAS_TRACE=${PAAS_TRACE:-${DOKKU_TRACE:-}}
[[ -n "$PAAS_TRACE" ]] && set -x
PAAS_HOST=${PAAS_HOST:-${DOKKU_HOST:-}}
PAAS_PORT=${PAAS_PORT:-${DOKKU_PORT:-}}
PAAS_APP_PATH=${PAAS_APP_PATH:-${DOKKU_APP_PATH:-}}
PAAS_GIT_REMOTE=${PAAS_GIT_REMOTE:-${DOKKU_GIT_REMOTE:-}}
PAAS_SSH_USER=paas

fn-random-number() { # RANGE
  echo $((RANDOM % $1))
}

# Dokku's generator and word lists, so a random name looks like one Dokku would have made.
fn-random-name() {
  local MOVES=(ABLE ABNORMA AGAIN AIREXPL ANG ANGER ASAIL ATTACK AURORA AWL BAN BAND BARE BEAT BEATED BELLY BIND BITE BLOC BLOOD BODY BOOK BREATH BUMP CAST CHAM CLAMP CLAP CLAW CLEAR CLI CLIP CLOUD CONTRO CONVY COOLHIT CRASH CRY CUT DESCRI D-FIGHT DIG DITCH DIV DOZ DRE DUL DU-PIN DYE EARTH EDU EG-BOMB EGG ELEGY ELE-HIT EMBODY EMPLI ENGL ERUPT EVENS EXPLOR EYES FALL FAST F-CAR F-DANCE FEARS F-FIGHT FIGHT FIR FIRE FIREHIT FLAME FLAP FLASH FLEW FORCE FRA FREEZE FROG G-BIRD GENKISS GIFT G-KISS G-MOUSE GRADE GROW HAMMER HARD HAT HATE H-BOMB HELL-R HEMP HINT HIT HU HUNT HYPNOSI INHA IRO IRONBAR IR-WING J-GUN KEE KICK KNIF KNIFE KNOCK LEVEL LIGH LIGHHIT LIGHT LIVE L-WALL MAD MAJUS MEL MELO MESS MILK MIMI MISS MIXING MOVE MUD NI-BED NOISY NOONLI NULL N-WAVE PAT PEACE PIN PLAN PLANE POIS POL POWDE POWE POWER PRIZE PROTECT PROUD RAGE RECOR REFLAC REFREC REGR RELIV RENEW R-FIGHT RING RKICK ROCK ROUND RUS RUSH SAND SAW SCISSOR SCRA SCRIPT SEEN SERVER SHADOW SHELL SHINE SHO SIGHT SIN SMALL SMELT SMOK SNAKE SNO SNOW SOU SO-WAVE SPAR SPEC SPID S-PIN SPRA STAM STARE STEA STONE STORM STRU STRUG STUDEN SUBS SUCID SUN-LIG SUNRIS SUPLY S-WAVE TAILS TANGL TASTE TELLI THANK TONKICK TOOTH TORL TRAIN TRIKICK TUNGE VOLT WA-GUN WATCH WAVE W-BOMB WFALL WFING WHIP WHIRL WIND WOLF WOOD WOR YUJA)
  local NAMES=(SEED GRASS FLOWE SHAD CABR SNAKE GOLD COW GUIKI PEDAL DELAN B-FLY BIDE KEYU FORK LAP PIGE PIJIA CAML LAT BIRD BABOO VIV ABOKE PIKAQ RYE SAN BREAD LIDEL LIDE PIP PIKEX ROK JUGEN PUD BUDE ZHIB GELU GRAS FLOW LAFUL ATH BALA CORN MOLUF DESP DAKED MIMI BOLUX KODA GELUD MONK SUMOY GEDI WENDI NILEM NILE NILEC KEZI YONGL HUDE WANLI GELI GUAIL MADAQ WUCI WUCI MUJEF JELLY SICIB GELU NELUO BOLI JIALE YED YEDE CLO SCARE AOCO DEDE DEDEI BAWU JIUG BADEB BADEB HOLE BALUX GES FANT QUAR YIHE SWAB SLIPP CLU DEPOS BILIY YUANO SOME NO YELA EMPT ZECUN XIAHE BOLEL DEJI MACID XIHON XITO LUCK MENJI GELU DECI XIDE DASAJ DONGN RICUL MINXI BALIY ZENDA LUZEL HELE5 0FENB KAIL JIAND CARP JINDE LAPU MUDE YIFU LINLI SANDI HUSI JINC OUMU OUMUX CAP KUIZA PUD TIAO FRMAN CLAU SPARK DRAGO BOLIU GUAIL MIYOU MIY QIAOK BEIL MUKEI RIDED MADAM BAGEP CROC ALIGE OUDAL OUD DADA HEHE YEDEA NUXI NUXIN ROUY ALIAD STICK QIANG LAAND PIQI PI PUPI DEKE DEKEJ NADI NADIO MALI PEA ELECT FLOWE MAL MALI HUSHU NILEE YUZI POPOZ DUZI HEBA XIAN SHAN YEYEA WUY LUO KEFE HULA CROW YADEH MOW ANNAN SUONI KYLI HULU HUDEL YEHE GULAE YEHE BLU GELAN BOAT NIP POIT HELAK XINL BEAR LINB MAGEH MAGEJ WULI YIDE RIVE FISH AOGU DELIE MANTE KONMU DELU HELU HUAN HUMA DONGF JINCA HEDE DEFU LIBY JIAPA MEJI HELE BUHU MILK HABI THUN GARD DON YANGQ SANAQ BANQ LUJ PHIX SIEI EGG)
  local name="${MOVES[$(fn-random-number ${#MOVES[@]})]}-${MOVES[$(fn-random-number ${#MOVES[@]})]}-${NAMES[$(fn-random-number ${#NAMES[@]})]}"
  echo "$name" | tr '[:upper:]' '[:lower:]'
}

fn-client-help-msg() {
  echo "=====> Configure the PAAS_HOST environment variable or run $0 from a repository with a git remote named paas"
  echo "       i.e. git remote add paas paas@<paas-host>:<app-name>"
  exit 20 # Dokku's code for "no host configured"
}

fn-in-git-repo() {
  git rev-parse --git-dir &>/dev/null
}

# The URL of a git remote, or nothing.
fn-remote-url() { # REMOTE
  if fn-in-git-repo; then
    git config --get "remote.$1.url" 2>/dev/null || true
  fi
}

# Splits a remote URL of the forms Dokku documents into "host port app" (port 22 when not given):
#   paas@HOST:APP   ssh://paas@HOST/APP   ssh://paas@HOST:PORT/APP   (user paas or dokku; APP.git too)
# Prints nothing for any other URL.
fn-parse-remote() { # URL
  local url=$1 rest host port=22 app
  case "$url" in
    ssh://paas@* | ssh://dokku@*)
      rest=${url#ssh://*@}
      host=${rest%%/*}
      app=${rest#*/}
      [[ "$rest" == */* ]] || return 0
      if [[ "$host" == *:* ]]; then
        port=${host##*:}
        host=${host%:*}
      fi
      ;;
    paas@*:* | dokku@*:*)
      rest=${url#*@}
      host=${rest%%:*}
      app=${rest#*:}
      ;;
    *) return 0 ;;
  esac
  app=${app#/}
  app=${app%/}
  app=${app%.git}
  [[ -n "$host" && -n "$app" ]] || return 0
  echo "$host" "$port" "$app"
}

# The remote the app lives behind: --remote, PAAS_GIT_REMOTE, `git config paas.remote` (remote:set),
# then `paas`, or a `dokku` remote when the repository has that one and no `paas` remote.
fn-get-remote() {
  local configured
  if [[ -n "$PAAS_GIT_REMOTE" ]]; then
    echo "$PAAS_GIT_REMOTE"
    return
  fi
  configured=$(git config --get paas.remote 2>/dev/null || git config --get dokku.remote 2>/dev/null || true)
  if [[ -n "$configured" ]]; then
    echo "$configured"
  elif [[ -z "$(fn-remote-url paas)" && -n "$(fn-remote-url dokku)" ]]; then
    echo dokku
  else
    echo paas
  fi
}

# One word quoted for the server's POSIX-style word splitter: 'it'\''s' -> it's.
fn-quote() { # WORD -> REPLY
  local rest=$1 out="'"
  while [[ "$rest" == *"'"* ]]; do
    out="$out${rest%%"'"*}'\\''"
    rest=${rest#*"'"}
  done
  REPLY="$out$rest'"
}

fn-fail() { # MESSAGE
  echo " !     $1" >&2
  exit 1
}

main() {
  local APP="" APP_ARG="" CMD="" REMOTE_FROM_FLAG="" arg i
  local -a args=() rest=()
  # The client's own flags, wherever they are; everything else goes to the server as typed.
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --app | --remote | --app-path)
        [[ $# -ge 2 && -n "$2" ]] || fn-fail "$1 needs a value"
        case "$1" in
          --app) APP=$2 ;;
          --remote) REMOTE_FROM_FLAG=$2 ;;
          --app-path) PAAS_APP_PATH=$2 ;;
        esac
        shift 2
        ;;
      *)
        args+=("$1")
        shift
        ;;
    esac
  done
  # CMD is the first word that is not a flag; APP_ARG the next one (what Dokku calls the app argument).
  for ((i = 0; i < ${#args[@]}; i++)); do
    arg=${args[$i]}
    if [[ -z "$CMD" ]]; then
      [[ "$arg" == --trace ]] && set -x
      [[ "$arg" == --* ]] && continue
      CMD=$arg
      rest=("${args[@]:$((i + 1))}")
    elif [[ "$arg" != --* ]]; then
      APP_ARG=$arg
      break
    fi
  done

  if [[ -n "$PAAS_APP_PATH" ]]; then
    cd "$PAAS_APP_PATH" || fn-fail "Cannot change to the app path $PAAS_APP_PATH"
  fi

  local REMOTE REMOTE_HOST="" REMOTE_PORT="" REMOTE_APP="" parsed
  REMOTE=${REMOTE_FROM_FLAG:-$(fn-get-remote)}
  parsed=$(fn-parse-remote "$(fn-remote-url "$REMOTE")")
  if [[ -n "$parsed" ]]; then
    read -r REMOTE_HOST REMOTE_PORT REMOTE_APP <<<"$parsed"
  fi

  # PAAS_HOST wins; the remote's app and port count only when the remote points at that host.
  local HOST=${PAAS_HOST:-$REMOTE_HOST}
  if [[ -z "$HOST" && "$CMD" != remote && "$CMD" != remote:* ]]; then
    fn-client-help-msg
  fi
  # A host reaches ssh's command line (and its ProxyCommand %h): a name or an address, nothing else.
  local host_re='^[A-Za-z0-9_][A-Za-z0-9_.:-]*$'
  if [[ -n "$HOST" && ! "$HOST" =~ $host_re ]]; then
    fn-fail "Invalid host $HOST"
  fi
  if [[ -z "$APP" && "$HOST" == "$REMOTE_HOST" ]]; then
    APP=$REMOTE_APP
  fi
  local PORT=$PAAS_PORT
  if [[ -z "$PORT" ]]; then
    PORT=22
    [[ -n "$REMOTE_PORT" && "$HOST" == "$REMOTE_HOST" ]] && PORT=$REMOTE_PORT
  fi
  [[ "$PORT" =~ ^[0-9]+$ ]] || fn-fail "Invalid port $PORT"

  local app_typed=false added_remote=false
  case "$CMD" in
    remote:show)
      echo "dokku-app: $APP"
      echo "dokku-git-remote: $REMOTE"
      echo "dokku-host: $PAAS_HOST"
      echo "dokku-port: $PORT"
      echo "dokku-remote-host: $HOST"
      echo "dokku-ssh-user: $PAAS_SSH_USER"
      echo "dokku-constructed-remote: ssh://$PAAS_SSH_USER@$HOST:$PORT/$APP"
      exit 0
      ;;
    remote)
      echo "$REMOTE"
      exit 0
      ;;
    remote:add)
      git remote add "${rest[@]}"
      exit
      ;;
    remote:list)
      git remote
      exit
      ;;
    remote:set)
      git config paas.remote "${rest[@]}"
      exit
      ;;
    remote:remove)
      local code=0 key
      git remote remove "${rest[@]}" || code=$?
      for key in paas.remote dokku.remote; do
        if [[ -n "${rest[0]:-}" && "$(git config --get "$key" || true)" == "${rest[0]}" ]]; then
          git config --unset "$key"
        fi
      done
      exit "$code"
      ;;
    remote:unset)
      local key
      for key in paas.remote dokku.remote; do
        if [[ -n "$(git config --get "$key" || true)" ]]; then
          git config --unset "$key"
        fi
      done
      exit 0
      ;;
    apps:create)
      if [[ -z "$APP" && -z "$APP_ARG" ]]; then
        local tries=0
        APP=$(fn-random-name)
        while fn-ssh "$HOST" "$PORT" apps:exists "$APP" &>/dev/null; do
          tries=$((tries + 1))
          [[ $tries -lt 100 ]] || fn-fail "Could not reasonably generate a new app name. Try cleaning up some apps..."
          APP=$(fn-random-name)
        done
      elif [[ -z "$APP" ]]; then
        APP=$APP_ARG
        app_typed=true
      fi
      # Dokku creates nothing on the server when the remote cannot be added (and then exits 0).
      if [[ -n "$(fn-remote-url "$REMOTE")" ]] || ! git remote add "$REMOTE" "$PAAS_SSH_USER@$HOST:$APP"; then
        fn-fail "paas remote not added! Do you already have a $REMOTE remote?"
      fi
      added_remote=true
      echo "-----> paas remote added at $HOST called $REMOTE"
      echo "-----> Application name is $APP"
      ;;
  esac

  # --global means no app (config:set --global ...); the server ignores --app for commands without one.
  for arg in "${args[@]}"; do
    [[ "$arg" == --global ]] && APP=""
  done
  local -a send=("${args[@]}")
  if [[ ${#args[@]} -gt 0 && -n "$APP" && "$app_typed" == false ]]; then
    send=(--app "$APP" "${args[@]}")
  fi

  local code=0
  fn-ssh "$HOST" "$PORT" "${send[@]}" || code=$?
  if [[ $code -eq 255 ]]; then
    echo " !     Failed to execute paas command over ssh: exit code $code" >&2
    echo " !     If there was no output from paas, ensure your configured SSH Key can connect to the remote server" >&2
  fi
  # A remote added for an app the server did not create would point at nothing (Dokku keeps it).
  if [[ $code -ne 0 && "$added_remote" == true ]]; then
    git remote remove "$REMOTE"
  fi
  if [[ $code -eq 0 && "$CMD" == apps:destroy && -n "$(fn-remote-url "$REMOTE")" && "$HOST" == "$REMOTE_HOST" && "$APP" == "$REMOTE_APP" ]]; then
    git remote remove "$REMOTE"
  fi
  return "$code"
}

# ssh HOST PORT WORDS...: each word quoted, so the server's splitter gives back exactly these words.
fn-ssh() {
  local host=$1 port=$2 word
  shift 2
  local -a cmd=()
  for word in "$@"; do
    fn-quote "$word"
    cmd+=("$REPLY")
  done
  ssh -o LogLevel=QUIET -p "$port" -t "$PAAS_SSH_USER@$host" -- "${cmd[@]}"
}

# Sourced (tests), nothing runs; executed, main does.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
