# shellcheck shell=bash
# Shared by scripts/quickstart and scripts/check: install what the build
# needs on Debian 12, and bootstrap Autotools.

# What building and running needs (quickstart), and what the tests need
# on top of it (check): the test frameworks, valgrind, clang for the second
# -Werror build and libFuzzer (libclang-rt) for tests/fuzz, strace, the
# Debian packaging tools, and the external clients of tests/cli/clients.bats
# (libdrm-tests, vulkan-tools, RADV in mesa-vulkan-drivers, eglinfo in
# mesa-utils with radeonsi in libgl1-mesa-dri and libegl-mesa0, and
# libvulkan-dev, libegl-dev and libgl-dev for tests/clients/vk-fill and
# gl-fill).
UQ_DEB_PACKAGES="gcc make autoconf automake libtool pkg-config xz-utils \
libdrm-dev libjansson-dev python3 gnuplot-nox"
# shellcheck disable=SC2034 # used by scripts/check
UQ_DEB_TEST_PACKAGES="check bats python3-jsonschema libdrm-tests valgrind \
clang libclang-rt-14-dev clang-format strace dpkg-dev debhelper lintian \
bash-completion man-db libxml2-utils vulkan-tools mesa-vulkan-drivers \
libvulkan-dev mesa-utils libegl-mesa0 libgl1-mesa-dri libegl-dev libgl-dev"

# uq_log MSG: a step, with the time since the script started (bash's
# SECONDS), so that a log shows where the time goes.
uq_log() {
	printf '==> [%2d:%02d] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*" >&2
}

uq_die() {
	printf '%s: %s\n' "${0##*/}" "$*" >&2
	exit 1
}

# uq_install_deps [PACKAGES...]: install the Debian packages of
# UQ_DEB_PACKAGES and PACKAGES that are missing (apt-get update first).
uq_install_deps() {
	local missing="" p

	for p in $UQ_DEB_PACKAGES "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
			grep -q "install ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		uq_die "missing packages:$missing (run as root, or: sudo apt-get install$missing)"
	fi
	uq_log "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || uq_die "apt-get update failed"
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
		uq_die "apt-get install failed:$missing"
}

# autoreconf in the source tree, once per change of the build files.
uq_bootstrap() {
	local top="$1"

	if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ] ||
		[ "$top/Makefile.am" -nt "$top/Makefile.in" ]; then
		uq_log "autoreconf -fi"
		(cd "$top" && autoreconf -fi) || uq_die "autoreconf failed"
	fi
}

# uq_configure TOP BUILDDIR [CONFIGURE ARGS...]
uq_configure() {
	local top="$1" dir="$2"

	shift 2
	mkdir -p "$dir"
	uq_log "configure $* (in ${dir#"$top"/})"
	(cd "$dir" && "$top/configure" -q "$@") || uq_die "configure failed"
}
