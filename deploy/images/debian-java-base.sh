#!/usr/bin/env bash
# A JRE 17 base image made from Debian packages, saved as a `docker save` tarball that Jib takes as
# tar:///path (./lmc images --debian-base). For machines that reach Debian's archive but no container registry;
# elsewhere the services' images start from eclipse-temurin:17-jre. Needs root and debootstrap.
#
#   deploy/images/debian-java-base.sh OUTPUT.tar
#
# LMC_DEBIAN_MIRROR [the first Debian archive in this machine's apt sources]  LMC_DEBIAN_SUITE [bookworm]
set -euo pipefail

output="${1:?usage: debian-java-base.sh OUTPUT.tar}"
suite="${LMC_DEBIAN_SUITE:-bookworm}"
mirror="${LMC_DEBIAN_MIRROR:-}"
if [[ -z "$mirror" ]]; then
  # The archive this machine already installs from: deb822 sources (URIs:) or one-line ones (deb URI suite ...).
  mirror="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | grep -v security | head -n 1)"
  [[ -n "$mirror" ]] || mirror="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)"
fi
[[ -n "$mirror" ]] || { echo "debian-java-base: no Debian archive found; set LMC_DEBIAN_MIRROR" >&2; exit 2; }
[[ "$(id -u)" == 0 ]] || { echo "debian-java-base: debootstrap needs root" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "debian-java-base: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
# minbase: dpkg, apt, bash and coreutils; the JRE without X11; CA certificates for the OIDC provider's TLS.
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates "$suite" "$rootfs" "$mirror" >&2
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/tmp/*
chmod 1777 "$rootfs/tmp"

mkdir -p "$work/image"
tar -C "$rootfs" --numeric-owner --sort=name -cf "$work/image/layer.tar" .
diff_id="sha256:$(sha256sum "$work/image/layer.tar" | cut -d ' ' -f 1)"
java_home="$(dirname "$(dirname "$(readlink -f "$rootfs/usr/bin/java" | sed "s|^$rootfs||")")")"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
cat > "$work/image/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$created",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=$java_home","LANG=C.UTF-8"],
           "Cmd":["bash"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},
 "history":[{"created":"$created","created_by":"debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates $suite"}]}
JSON
cat > "$work/image/manifest.json" <<JSON
[{"Config":"config.json","RepoTags":["lmc/debian-java-base:17"],"Layers":["layer.tar"]}]
JSON
mkdir -p "$(dirname "$output")"
tar -C "$work/image" -cf "$output" manifest.json config.json layer.tar
echo "$output: $(du -h "$output" | cut -f 1), $suite, JAVA_HOME=$java_home, layer $diff_id"
