# SPDX-License-Identifier: GPL-2.0
# Fetch packages from another Debian suite (bullseye) without touching the
# system's apt configuration: a private sources list and state directory,
# pointing at the same archive the system already uses.

# The archive URIs the system is configured with (deb822 or one-line format).
system_debian_uris() {
	{
		grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null |
			awk '{ for (i = 2; i <= NF; i++) print $i }'
		grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
			sed -E 's/\[[^]]*\]//' | awk '{ print $2 }'
	} | grep -E '/debian(-security)?/?$' | sort -u
}

# apt_suite SUITE: prints apt-get options that select a private state dir
# for SUITE, creating and updating it on first use.
apt_suite_opts() {
	local suite=$1 dir=$GVTMEM_CACHE/apt-$1 uri list
	list=$dir/sources.list
	if [[ ! -s $list ]]; then
		mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/cache"
		: >"$list.tmp"
		for uri in $(system_debian_uris); do
			uri=${uri%/}
			case $uri in
			*-security) [[ $suite == *-backports ]] ||
				echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite-security main" ;;
			*) echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main"
			   # A backports suite has no -updates of its own.
			   [[ $suite == *-backports ]] ||
				echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite-updates main" ;;
			esac >>"$list.tmp"
		done
		[[ -s $list.tmp ]] || die "no Debian archive found in /etc/apt sources"
		mv "$list.tmp" "$list"
	fi
	echo "-o Dir::Etc::sourcelist=$list -o Dir::Etc::sourceparts=/dev/null" \
	     "-o Dir::State::Lists=$dir/lists -o Dir::Cache=$dir/cache" \
	     "-o Dir::Cache::Archives=$dir/archives" \
	     "-o Debug::NoLocking=1 -o APT::Sandbox::User=root"
}

apt_suite_update() {
	local suite=$1 dir=$GVTMEM_CACHE/apt-$1
	# shellcheck disable=SC2046
	if [[ ! -e $dir/.updated ]] || [[ -n $(find "$dir/.updated" -mmin +1440) ]]; then
		say "refreshing package lists for $suite"
		apt-get $(apt_suite_opts "$suite") update -qq >/dev/null ||
			die "apt-get update for $suite failed"
		touch "$dir/.updated"
	fi
}

# apt_suite_download SUITE DESTDIR PKG...: .deb files into DESTDIR.
apt_suite_download() {
	local suite=$1 dest=$2; shift 2
	apt_suite_update "$suite"
	mkdir -p "$dest"
	# shellcheck disable=SC2046
	(cd "$dest" && apt-get $(apt_suite_opts "$suite") download "$@" >/dev/null) ||
		die "cannot download $* from $suite"
}

# apt_suite_depends_all SUITE PKG: every package PKG depends on, one a line.
apt_suite_depends_all() {
	local suite=$1 pkg=$2
	apt_suite_update "$suite"
	# shellcheck disable=SC2046
	apt-cache $(apt_suite_opts "$suite") depends "$pkg" 2>/dev/null |
		awk '/^ *Depends:/ { print $2 }'
}

# apt_suite_resolve SUITE PKG: the package a virtual/meta package depends on
# first, e.g. linux-image-amd64 -> linux-image-5.10.0-NN-amd64.
apt_suite_depends() {
	local suite=$1 pkg=$2
	apt_suite_update "$suite"
	# shellcheck disable=SC2046
	apt-cache $(apt_suite_opts "$suite") depends "$pkg" 2>/dev/null |
		awk '/Depends:/ { print $2; exit }'
}
