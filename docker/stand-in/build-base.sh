#!/usr/bin/env bash
# Builds a local stand-in for the public JRE base image, for machines that cannot pull from any registry.
#
#   sudo docker/stand-in/build-base.sh            # -> image hello-anywhere/stand-in-jre:25
#   docker build -f docker/Dockerfile.container --build-arg BASE_IMAGE=hello-anywhere/stand-in-jre:25 .
#
# Debian 12 minbase + ca-certificates, made with debootstrap, plus a JRE linked by jlink from a Temurin 25 JDK on this
# machine into /opt/java/openjdk (where the eclipse-temurin images keep theirs), with its default CDS archive; then
# `docker import`ed. The images make their startup archives with the base's own JVM, so the stand-in runs a JDK 25
# as the real base does.
# Idempotent, and needs no more than each step does: 1. image already in docker -> nothing to do (any user who may
# use docker); 2. cached rootfs tarball present -> import it (needs the JDK only to name the tarball); 3. otherwise
# debootstrap, write the tarball to the cache, import it: needs root, debootstrap (apt-get install debootstrap),
# access to a Debian mirror and a JDK 25 with jlink.
# The JDK: STAND_IN_JDK, else JAVA_HOME, else /usr/lib/jvm/*25*, else the java on the PATH, whichever first is a JDK 25.
# Environment: STAND_IN_IMAGE (tag), STAND_IN_JDK, STAND_IN_CACHE (tarball path), DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR, STAND_IN_REBUILD=1 (ignore image and cache and build again).
set -euo pipefail

IMAGE="${STAND_IN_IMAGE:-hello-anywhere/stand-in-jre:25}"
SUITE=bookworm
PACKAGES=ca-certificates
# The modules of a Temurin JRE: the Java SE platform and the JDK's run-time modules, none of its development tools.
JRE_MODULES=java.se,jdk.attach,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.dynalink,jdk.httpserver,jdk.jdwp.agent,\
jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.naming.rmi,\
jdk.net,jdk.nio.mapmode,jdk.sctp,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.xml.dom,jdk.zipfs

log() { echo "build-base: $*"; }

# True when $1 is a JDK (it has jlink) of Java 25.
is_jdk25() {
  [[ -x "$1/bin/jlink" && -r "$1/release" ]] || return 1
  [[ $(sed -n 's/^JAVA_VERSION="\([0-9]*\).*"$/\1/p' "$1/release") == 25 ]]
}

find_jdk() {
  if [[ -n "${STAND_IN_JDK:-}" ]]; then
    is_jdk25 "$STAND_IN_JDK" && { echo "$STAND_IN_JDK"; return; }
    echo "build-base: STAND_IN_JDK=$STAND_IN_JDK is not a JDK 25 (no bin/jlink, or release says another version)" >&2
    return 1
  fi
  local candidates=() candidate java
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  candidates+=(/usr/lib/jvm/*25*)
  if java=$(command -v java); then candidates+=("$(dirname "$(dirname "$(readlink -f "$java")")")"); fi
  for candidate in "${candidates[@]}"; do
    if is_jdk25 "$candidate"; then echo "$candidate"; return; fi
  done
  echo "build-base: no JDK 25 found (looked at JAVA_HOME, /usr/lib/jvm/*25*, the java on the PATH). Install one," \
    "e.g. Eclipse Temurin 25 (package temurin-25-jdk from Adoptium's apt repository, or actions/setup-java with" \
    "java-version 25 on GitHub), then run again or point STAND_IN_JDK at it." >&2
  return 1
}

# The mirror apt already uses on this machine (deb822 .sources files first, then one-line sources.list),
# so the script works behind the same mirror or proxy setup; falls back to deb.debian.org.
apt_uri() {  # $1: path suffix to look for, e.g. "/debian" or "/debian-security"
  local suffix="$1" uri
  uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '/^URIs:/ {for (i = 2; i <= NF; i++) print $i}' \
    | grep -E "${suffix}/?\$" | head -n1 || true)
  if [[ -z "$uri" ]]; then
    uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
      | awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; break } }' \
      | grep -E "${suffix}/?\$" | head -n1 || true)
  fi
  echo "${uri%/}"
}

if [[ "${STAND_IN_REBUILD:-0}" != 1 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "image $IMAGE already present ($(docker image inspect -f '{{.Id}}' "$IMAGE")); nothing to do"
  exit 0
fi

JDK=$(find_jdk)
JDK_RELEASE=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JDK/release")
log "JDK $JDK ($JDK_RELEASE)"
# Keyed by the JDK release, so a JDK update on this machine makes a new tarball instead of reusing a stale one.
CACHE="${STAND_IN_CACHE:-/var/cache/hello-anywhere/stand-in-jre-${JDK_RELEASE}.tar}"

if [[ "${STAND_IN_REBUILD:-0}" == 1 || ! -s "$CACHE" ]]; then
  [[ $(id -u) == 0 ]] || { echo "build-base: no image $IMAGE and no cached tarball $CACHE; building one needs root" \
    "(debootstrap, chroot, mount): run sudo $0 once, or make the real base image available to docker" >&2; exit 1; }
  command -v debootstrap >/dev/null || { echo "build-base: install debootstrap first (apt-get install debootstrap)" >&2; exit 1; }
  MIRROR="${DEBIAN_MIRROR:-$(apt_uri /debian)}"; MIRROR="${MIRROR:-http://deb.debian.org/debian}"
  SECURITY="${DEBIAN_SECURITY_MIRROR:-$(apt_uri /debian-security)}"; SECURITY="${SECURITY:-http://deb.debian.org/debian-security}"
  ROOTFS=$(mktemp -d /var/tmp/stand-in-jre.XXXXXX)
  chmod 755 "$ROOTFS"  # becomes the image's /: mktemp's 0700 would lock every non-root user (USER 185) out
  cleanup() {
    if mountpoint -q "$ROOTFS/proc" && ! umount "$ROOTFS/proc"; then echo "build-base: left $ROOTFS (proc still mounted)" >&2; return; fi
    rm -rf --one-file-system "$ROOTFS"
  }
  trap cleanup EXIT

  log "debootstrap --variant=minbase $SUITE from $MIRROR with $PACKAGES into $ROOTFS"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"

  log "applying $SUITE-updates and $SUITE-security (from $SECURITY)"
  cat >"$ROOTFS/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
SOURCES
  cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
  mount -t proc proc "$ROOTFS/proc"
  # Same apt tolerances as the host (e.g. a snapshot mirror whose Release files are past Valid-Until).
  chroot "$ROOTFS" apt-get -o Acquire::Check-Valid-Until=false -qq update
  DEBIAN_FRONTEND=noninteractive chroot "$ROOTFS" apt-get -qq -y upgrade
  chroot "$ROOTFS" apt-get -qq clean
  umount "$ROOTFS/proc"

  log "jlink $JRE_MODULES from $JDK ($JDK_RELEASE) into /opt/java/openjdk"
  # --generate-cds-archive: the default CDS archive a JDK ships, which dynamic AppCDS archives build on.
  "$JDK/bin/jlink" --add-modules "$JRE_MODULES" --strip-debug --no-man-pages --no-header-files \
    --generate-cds-archive --output "$ROOTFS/opt/java/openjdk"

  log "trimming apt lists, caches, docs, man pages, locales, logs"
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/* "$ROOTFS"/var/cache/debconf/*-old \
         "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/info/* \
         "$ROOTFS"/usr/share/locale/* "$ROOTFS"/usr/share/lintian "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* \
         "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/* "$ROOTFS"/debootstrap
  : >"$ROOTFS/etc/resolv.conf"

  mkdir -p "$(dirname "$CACHE")"
  log "writing rootfs tarball $CACHE"
  tar --numeric-owner --xattrs -C "$ROOTFS" -cf "$CACHE.partial" .
  mv -f "$CACHE.partial" "$CACHE"
else
  log "using cached rootfs tarball $CACHE"
fi

log "docker import $CACHE as $IMAGE"
docker import \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["java", "-version"]' \
  --message "stand-in JRE base: debootstrap $SUITE minbase + $PACKAGES + jlinked JRE $JDK_RELEASE" \
  "$CACHE" "$IMAGE" >/dev/null
log "imported $IMAGE: $(docker image inspect -f '{{.Id}} {{.Size}} bytes' "$IMAGE")"
