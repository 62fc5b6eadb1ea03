#!/usr/bin/env bash
# Builds a local stand-in for the public JRE base image, for machines that cannot pull from any registry.
#
#   sudo docker/stand-in/build-base.sh            # -> image hello-anywhere/stand-in-jre:25
#   docker build -f docker/Dockerfile.container --build-arg BASE_IMAGE=hello-anywhere/stand-in-jre:25 .
#
# Debian 12 minbase + ca-certificates, made with debootstrap, plus a JRE linked by jlink from this machine's Temurin
# 25 JDK into /opt/java/openjdk (where the eclipse-temurin images keep theirs), with its default CDS archive; then
# `docker import`ed. The images make their startup archives with the base's own JVM, so the stand-in runs the same
# JDK release as the real base does (25.0.3).
# Needs root, docker.io and debootstrap (apt-get install docker.io debootstrap), access to a Debian mirror and a JDK
# 25 or later (STAND_IN_JDK, default /usr/lib/jvm/temurin-25-jdk-amd64).
# Idempotent: 1. image already in docker -> nothing to do; 2. cached rootfs tarball present -> import it;
# 3. otherwise debootstrap, write the tarball to the cache, import it.
# Environment: STAND_IN_IMAGE (tag), STAND_IN_JDK, STAND_IN_CACHE (tarball path), DEBIAN_MIRROR,
# DEBIAN_SECURITY_MIRROR, STAND_IN_REBUILD=1 (ignore image and cache and build again).
set -euo pipefail

IMAGE="${STAND_IN_IMAGE:-hello-anywhere/stand-in-jre:25}"
JDK="${STAND_IN_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[[ -x "$JDK/bin/jlink" ]] || { echo "build-base: no jlink in $JDK; set STAND_IN_JDK to a JDK 25 or later" >&2; exit 1; }
JDK_RELEASE=$(sed -n 's/^JAVA_RUNTIME_VERSION="\(.*\)"$/\1/p' "$JDK/release")
# Keyed by the JDK release, so a JDK update on this machine makes a new tarball instead of reusing a stale one.
CACHE="${STAND_IN_CACHE:-/var/cache/hello-anywhere/stand-in-jre-${JDK_RELEASE}.tar}"
SUITE=bookworm
PACKAGES=ca-certificates
# The modules of a Temurin JRE: the Java SE platform and the JDK's run-time modules, none of its development tools.
JRE_MODULES=java.se,jdk.attach,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,jdk.dynalink,jdk.httpserver,jdk.jdwp.agent,\
jdk.jfr,jdk.jsobject,jdk.localedata,jdk.management,jdk.management.agent,jdk.management.jfr,jdk.naming.dns,jdk.naming.rmi,\
jdk.net,jdk.nio.mapmode,jdk.sctp,jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.xml.dom,jdk.zipfs

log() { echo "build-base: $*"; }

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

if [[ "${STAND_IN_REBUILD:-0}" == 1 || ! -s "$CACHE" ]]; then
  [[ $(id -u) == 0 ]] || { echo "build-base: debootstrap needs root" >&2; exit 1; }
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
