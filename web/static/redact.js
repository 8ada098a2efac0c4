// Redaction of personal data in everything the page shows and exports (cards, the log viewer,
// Markdown, JSON, the permalink). Two passes over a text:
//  1. patterns: paths under home directories, user@host prompts, e-mail addresses, the host field
//     of syslog/journal lines (classic and ISO timestamps), fully qualified host names, IPv4,
//     IPv6 and MAC addresses;
//  2. the names learned from the whole log by a Learner (the worker runs one over every chunk):
//     a user name seen in /home/NAME is also hidden where the log says "chown NAME", a host name
//     seen in a syslog header also where the kernel prints it.
// Classic script (no module): the page opened from file:// and the worker's importScripts use it.
"use strict";
(function (global) {
  // Names that are also ordinary words of kernel logs: learned, they would blank half the log.
  const COMMON = new Set(["root", "localhost", "user", "users", "home", "kernel", "linux", "build", "src",
    "builder", "runner", "ubuntu", "debian", "admin", "test", "nobody", "shared", "share", "local", "tmp",
    "archlinux", "fedora", "systemd", "dracut", "mkinitcpio", "none", "unknown", "(none)", "localhost.localdomain",
    "from", "to", "for", "in", "on", "at", "the", "with", "by", "and", "or", "is", "of", "pi"]);
  // Public domains the references and messages name: not anybody's host.
  const PUBLIC_DOMAINS = /(^|\.)(kernel\.org|github\.com|gitlab\.com|githubusercontent\.com|debian\.org|ubuntu\.com|launchpad\.net|archlinux\.org|fedoraproject\.org|redhat\.com|suse\.com|opensuse\.org|gentoo\.org|rust-lang\.org|gnu\.org|llvm\.org|freedesktop\.org|stackexchange\.com|stackoverflow\.com|askubuntu\.com|superuser\.com|kernelnewbies\.org|lwn\.net|wikipedia\.org|docs\.rs|crates\.io|bugzilla\.kernel\.org|nvidia\.com|intel\.com|amd\.com|microsoft\.com|python\.org|example\.com|example\.org)$/i;
  // Endings of file names, units and modules that look like a top-level domain.
  const NOT_TLD = new Set(["c", "h", "o", "s", "a", "ko", "rs", "so", "cc", "cpp", "hpp", "py", "sh", "pl", "txt",
    "log", "xz", "gz", "zst", "bz2", "lz4", "lzo", "tar", "img", "efi", "conf", "cfg", "json", "yaml", "yml",
    "mod", "cmd", "dtb", "dts", "dtsi", "service", "target", "mount", "socket", "device", "slice", "scope",
    "timer", "path", "swap", "automount", "rules", "map", "order", "symvers", "builtin", "rmeta", "rlib", "ld",
    "lds", "in", "ini", "old", "bak", "orig", "patch", "diff", "deb", "rpm", "pkg", "zip", "bin", "fw", "ucode",
    "sig", "pem", "der", "crt", "key", "x509", "gpg", "asc", "md", "rst", "html", "htm", "xml", "install",
    "hook", "preset", "mk", "make", "cmake", "ac", "am", "m4", "go", "java", "js", "ts", "lock", "pid", "sock",
    "cache", "list", "desc", "info", "inf", "version", "release", "config", "d", "debug", "dwo", "elf", "vmlinux",
    "prof", "out", "err", "tmp", "new", "dpkg", "rej", "tgz", "cpio", "initramfs", "initrd", "uki", "ext4",
    "btrfs", "xfs", "vfat", "squashfs", "iso", "raw", "qcow2", "vmdk", "vdi", "part", "fc", "el", "amd64",
    "x86_64", "arm64", "aarch64", "i386", "i686", "noarch", "rc", "git", "svn", "dirty", "modules", "alias",
    "dep", "softdep", "devname", "weakdep", "cer", "ok", "fail", "failed", "done", "yes", "no"]);
  // Reversed-domain names (D-Bus services, Java packages) start with these.
  const REVERSED = new Set(["org", "com", "net", "io", "de", "uk", "fr"]);
  // ("MOK.priv", a Secure Boot key, is why "priv" is not here.)
  const PRIVATE_TLD = /^(lan|local|localdomain|home|internal|intranet|corp)$/i;

  const MONTH = "(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
  // A syslog/journal header: its timestamp, then the host, then "identifier[pid]:" or "kernel:".
  const HOST_FIELD = new RegExp(
    "^((?:<\\d+>)?(?:" + MONTH + " {1,2}\\d{1,2} \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?" +
    "|\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?)\\s+)" +
    "([^\\s\\[\\]:]+)(?=\\s+[^\\s:]+(?:\\[\\d+\\])?:)", "gm");
  const HOME = /(\/home\/|\/Users\/|\/var\/home\/|[A-Za-z]:\\Users\\)([^\/\\\s'"`:;,)\]}>]+)/g;
  // A shell prompt's user@host: followed by a path ("alice@box:~/src$"), unlike systemd's
  // "modprobe@drm.service" or a device tree's "mmc@fe2b0000:".
  const PROMPT = /(^|[\s\[(])([a-z_][a-z0-9_.-]{0,31})@([A-Za-z0-9][A-Za-z0-9.-]{0,62})(?=:[~\/])/gm;
  const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
  const MAC = /(?<![0-9A-Fa-f:.-])[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4,}(?![0-9A-Fa-f]|[:-][0-9A-Fa-f])/g;
  // Not in versions such as "5.10.16.3-microsoft-standard".
  const IPV4 = /(?<![\w.-])(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}(?![\w-]|\.\d)/g;
  const H = "[0-9A-Fa-f]{1,4}";
  const IPV6 = new RegExp("(?<![\\w:.])(?:(?:" + H + ":){7}" + H + "|(?:" + H + ":){1,7}:(?:" + H + "(?::" + H + "){0,6})?" +
    "|::(?:" + H + ":){0,6}" + H + ")(?:%\\w+)?(?![\\w:])", "g");
  const FQDN = /(?<![\w.\/@-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,10}[A-Za-z]{2,24}(?![\w\/-]|\.[A-Za-z0-9])/g;

  function looksLikeHost(name) {
    const labels = name.split(".");
    const last = labels[labels.length - 1].toLowerCase();
    if (labels.length < 2 || NOT_TLD.has(last)) return false;
    if (PUBLIC_DOMAINS.test(name)) return false;
    if (REVERSED.has(labels[0].toLowerCase())) return false;
    if (labels.length === 2 && !PRIVATE_TLD.test(last)) return false;
    // Kernel symbols and versions ("foo.isra.0", "6.1.0-rc1.fc39") are caught by NOT_TLD or
    // the numeric first label.
    if (/^\d+$/.test(labels[0])) return false;
    return true;
  }

  function escapeRegExp(s) { return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  // Collects the user and host names of one log, fed in pieces of text (whole lines are best; a
  // name cut between two pieces is found in neither).
  class Learner {
    constructor(limit = 200) { this.users = new Set(); this.hosts = new Set(); this.limit = limit; }
    add(set, name) {
      if (name && name.length >= 2 && !COMMON.has(name.toLowerCase()) && set.size < this.limit) set.add(name);
    }
    feed(text) {
      for (const m of text.matchAll(HOME)) this.add(this.users, m[2]);
      for (const m of text.matchAll(PROMPT)) { this.add(this.users, m[2]); if (!/^\d/.test(m[3])) this.add(this.hosts, m[3].split(".")[0]); }
      for (const m of text.matchAll(HOST_FIELD)) {
        const host = m[2];
        if (!/^\d|^[0-9a-f:]+$/i.test(host)) { this.add(this.hosts, host); this.add(this.hosts, host.split(".")[0]); }
      }
    }
    names() { return { users: [...this.users], hosts: [...this.hosts] }; }
  }

  // A redactor for one log: its learned names (from a Learner) and the fixed patterns.
  function makeRedactor(names = { users: [], hosts: [] }) {
    const learned = [];
    for (const [list, label] of [[names.hosts || [], "<host>"], [names.users || [], "<user>"]]) {
      // Longest first, so "alice.example" goes before "alice".
      const sorted = [...list].sort((a, b) => b.length - a.length);
      if (sorted.length) learned.push([new RegExp("(?<![\\w-])(?:" + sorted.map(escapeRegExp).join("|") + ")(?![\\w-])", "g"), label]);
    }
    return function redact(text) {
      if (typeof text !== "string" || !text) return text;
      let out = text
        .replace(HOST_FIELD, (m, head, host) => head + "<host>")
        .replace(HOME, (m, dir) => dir + "<user>")
        .replace(EMAIL, "<email>")
        .replace(PROMPT, (m, pre) => pre + "<user>@<host>")
        .replace(MAC, "<mac>")
        .replace(IPV6, (m) => (m === "::" || m === "::1" ? m : "<ipv6>"))
        .replace(IPV4, (m) => (m === "127.0.0.1" || m === "0.0.0.0" ? m : "<ip>"))
        .replace(FQDN, (m) => (looksLikeHost(m) ? "<host>" : m));
      for (const [re, label] of learned) out = out.replace(re, label);
      return out;
    };
  }

  // Every string inside a JSON value, redacted, but those under the keys in keep (rule ids and
  // references come from the rules, not the log): the exported JSON keeps the CLI's shape.
  function redactDeep(value, redact, keep = new Set(), key = "") {
    if (keep.has(key)) return value;
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, keep, key));
    if (value && typeof value === "object") {
      const out = {};
      for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, redact, keep, k);
      return out;
    }
    return value;
  }

  global.kdiagRedact = { Learner, makeRedactor, redactDeep, looksLikeHost };
})(typeof self !== "undefined" ? self : globalThis);
