# Reads a NoCloud network-config (netplan-style version 2, or cloud-init version 1) and prints one
# line per interface, "nic ID MAC ADDR MASK GW" ("-" for a value not given), then "dns A B ...".
# /init matches an interface by MAC when one is given (several NICs), else by its ID as a device
# name (eth0). Only ids of [A-Za-z0-9_.-], MACs of hex and colons and values made of digits, dots
# and one slash get through, so /init may read the output with `read`. A subset on purpose: the
# first IPv4 address and gateway of each interface win, IPv4 only, no bonds/VLANs/routes other
# than the default one. An interface with no address means DHCP.
function ipv4s(s,   n, a, i, out) {
  gsub(/[][",']/, " ", s)
  n = split(s, a, /[ \t]+/)
  for (i = 1; i <= n; i++) if (a[i] ~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(\/[0-9]+)?$/) out = out " " a[i]
  return out
}
function clean(s) { gsub(/[ \t"']/, "", s); return s }
function nic(id) {
  id = clean(id)
  if (id !~ /^[A-Za-z0-9_.-]+$/) id = "eth" n
  if (!(id in seen)) { seen[id] = 1; order[++n] = id }
  cur = id
}
function take(kind, s,   t) {
  s = ipv4s(s)
  if (kind == "dns") { dns = dns s; return }
  if (cur == "") nic("eth0")
  if (addr[cur] == "" && split(s, t, " ") > 0) addr[cur] = t[1]
}
function first(s) { s = ipv4s(s); sub(/^ /, "", s); sub(/ .*/, "", s); return s }
{
  sub(/[ \t]+#.*$/, "")
  if ($0 ~ /^[ \t]*(#|$)/) next
  match($0, /^[ \t-]*/); ind = RLENGTH; line = substr($0, ind + 1)
  if (line !~ /^[A-Za-z0-9_-]+:([ \t]|$)/) { if (list != "") take(list, line); next }
  list = ""
  if (ns && ind <= nsind) ns = 0
  if (eth && ind <= ethind) eth = 0
  key = line; sub(/:.*/, "", key)
  value = line; sub(/^[^:]*:[ \t]*/, "", value)
  if (key == "ethernets") { eth = 1; ethind = ind; child = -1; next }
  if (eth && value == "" && (child == -1 || ind == child)) { child = ind; nic(key); next }
  if (key == "nameservers") { ns = 1; nsind = ind; next }
  if (key == "name" && !eth) { nic(value); next }
  if ((key == "macaddress" || key == "mac_address") && cur != "") {
    value = clean(value)
    if (value ~ /^[0-9A-Fa-f:]+$/) mac[cur] = tolower(value)
  } else if (key == "addresses" || key == "dns_nameservers") {
    kind = (ns || key == "dns_nameservers") ? "dns" : "addr"
    if (value == "") list = kind; else take(kind, value)
  } else if (key == "address") take("addr", value)
  else if (key == "netmask" && cur != "" && mask[cur] == "") mask[cur] = first(value)
  else if (key == "to") to = value
  else if ((key == "gateway4" || key == "gateway" || (key == "via" && to ~ /^(default|0\.0\.0\.0\/0)$/)) && cur != "" && gw[cur] == "") {
    gw[cur] = first(value)
  }
}
function orDash(v) { return v == "" ? "-" : v }
END {
  for (i = 1; i <= n; i++) {
    id = order[i]
    printf "nic %s %s %s %s %s\n", id, orDash(mac[id]), orDash(addr[id]), orDash(mask[id]), orDash(gw[id])
  }
  sub(/^ /, "", dns)
  printf "dns %s\n", dns
}
