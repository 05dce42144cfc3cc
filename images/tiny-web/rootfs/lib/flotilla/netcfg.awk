# Reads a NoCloud network-config (netplan-style version 2, or cloud-init version 1) and prints
# shell assignments for the guest's one NIC: addr= mask= gw= dns=. Only values made of digits,
# dots and one slash get through, so /init may eval the output. A subset on purpose: the first
# IPv4 address and gateway win, IPv4 only, no match/set-name/bonds/VLANs/routes other than the
# default one. No address at all means DHCP.
function ipv4s(s,   n, a, i, out) {
  gsub(/[][",']/, " ", s)
  n = split(s, a, /[ \t]+/)
  for (i = 1; i <= n; i++) if (a[i] ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(\/[0-9]+)?$/) out = out " " a[i]
  return out
}
function take(kind, s,   t) {
  s = ipv4s(s)
  if (kind == "dns") dns = dns s
  else if (kind == "addr" && addr == "" && split(s, t, " ") > 0) addr = t[1]
}
{
  sub(/[ \t]+#.*$/, "")
  if ($0 ~ /^[ \t]*(#|$)/) next
  match($0, /^[ \t-]*/); ind = RLENGTH; line = substr($0, ind + 1)
  if (line !~ /^[A-Za-z0-9_-]+:([ \t]|$)/) { if (list != "") take(list, line); next }
  list = ""
  if (ns && ind <= nsind) ns = 0
  key = line; sub(/:.*/, "", key)
  value = line; sub(/^[^:]*:[ \t]*/, "", value)
  if (key == "nameservers") { ns = 1; nsind = ind; next }
  if (key == "addresses" || key == "dns_nameservers") {
    kind = (ns || key == "dns_nameservers") ? "dns" : "addr"
    if (value == "") list = kind; else take(kind, value)
  } else if (key == "address") take("addr", value)
  else if (key == "netmask" && mask == "") { mask = ipv4s(value); sub(/^ /, "", mask) }
  else if (key == "to") to = value
  else if ((key == "gateway4" || key == "gateway" || (key == "via" && to ~ /^(default|0\.0\.0\.0\/0)$/)) && gw == "") {
    gw = ipv4s(value); sub(/^ /, "", gw)
  }
}
END {
  sub(/^ /, "", dns)
  printf "addr=%s mask=%s gw=%s dns='%s'\n", addr, mask, gw, dns
}
