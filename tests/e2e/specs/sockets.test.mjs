// Nothing reaches the network: the real app, under strace, through a journey (demo loaded,
// members listed, every main screen opened), and the CLI through an import. Any socket that is not AF_UNIX or AF_NETLINK fails, unless every connect
// and bind on it is to the loopback port this test's own WebDriver session serves the
// automation on; the CLI opens no socket at all.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { launch, binary, cli, root, byTestId, click, shot } from '../lib.mjs'

let app
let log
before(async () => {
  app = await launch('sockets', undefined, (dir) => {
    log = path.join(dir, 'strace.log')
    const wrapper = path.join(dir, 'traced-qunzhu.sh')
    // The environment WebKitWebDriver starts the app with names the one port it may use.
    writeFileSync(wrapper, `#!/bin/sh\nenv > '${dir}/env.txt'\nexec strace -f -qq -e trace=socket,connect,bind,sendto,sendmsg -o '${log}' '${binary}' "$@"\n`)
    chmodSync(wrapper, 0o755)
    return wrapper
  })
})
after(async () => { await app?.close() })

const LOCAL = new Set(['AF_UNIX', 'AF_LOCAL', 'AF_NETLINK'])

/** The calls of a strace log that break the rule, given the loopback ports that may be used:
 * a connect, bind or sendto to any other address, and a network socket never put to an
 * allowed use (a socket is known by its process and descriptor). */
export function offending(text, ports) {
  const bad = []
  const open = new Map()
  for (const line of text.split('\n')) {
    const call = line.match(/^(\d+)\s+(socket|connect|bind|sendto|sendmsg)\((\d+|AF_\w+)(.*)/)
    if (!call) continue
    const [, pid, name, first, rest] = call
    if (name === 'socket') {
      const fd = line.match(/= (\d+)$/)?.[1]
      if (!LOCAL.has(first) && fd) open.set(`${pid}:${fd}`, line)
      continue
    }
    const family = rest.match(/sa_family=(\w+)/)?.[1]
    if (!family || LOCAL.has(family)) continue
    const port = Number(rest.match(/htons\((\d+)\)/)?.[1])
    const loopback = /inet_addr\("127\.0\.0\.1"\)/.test(rest)
    if (loopback && ports.includes(port)) open.delete(`${pid}:${first}`)
    else bad.push(line)
  }
  return [...bad, ...open.values()]
}

test('the app opens no network socket through a journey', async () => {
  const b = app.browser
  await click(b, byTestId('load-demo'))
  await (await b.$(byTestId('welcome'))).waitForDisplayed({ reverse: true, timeout: 30000 })
  await b.url('tauri://localhost/#/members')
  await b.waitUntil(async () => (await b.$$('[data-testid="member-row"], .n-data-table-tr')).length > 5, { timeout: 20000 })
  for (const screen of ['today', 'calendar', 'engagement', 'retro', 'posters', 'birthdays', 'settings']) {
    await b.url(`tauri://localhost/#/${screen}`)
    await b.pause(600)
  }
  await shot(b, '70-sockets-settings.png')
  await app.close()
  app = null
  const text = readFileSync(log, 'utf8')
  assert.ok(text.split('\n').length > 5, 'strace saw the app')
  // WebKit's automation: the app serves its inspector to WebKitWebDriver on the loopback port
  // WebKitWebDriver chose (WEBKIT_INSPECTOR_SERVER); that port and no other address is allowed.
  const env = readFileSync(path.join(path.dirname(log), 'env.txt'), 'utf8')
  const inspector = Number(env.match(/^WEBKIT_INSPECTOR_SERVER=127\.0\.0\.1:(\d+)$/m)?.[1])
  assert.ok(inspector > 0, 'the WebDriver session names its inspector port')
  const bad = offending(text, [inspector])
  assert.deepEqual(bad, [], `network sockets:\n${bad.join('\n')}`)
})

test('the CLI opens no socket through an import', () => {
  const dir = spawnSync('mktemp', ['-d']).stdout.toString().trim()
  const trace = path.join(dir, 'cli.log')
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=socket,connect,bind,sendto,sendmsg', '-o', trace, cli, '--data-dir', dir, 'members', 'import',
    path.join(root, 'src-tauri/core/tests/fixtures/import/excel-roster-gbk.csv')], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  const text = readFileSync(trace, 'utf8')
  assert.deepEqual(offending(text, []), [])
  assert.equal(text.match(/\bsocket\(/g)?.length ?? 0, 0, 'no socket at all')
})

test('the check itself catches a connection out and a datagram sent', () => {
  const log = [
    '100 socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0) = 3',
    '100 connect(3, {sa_family=AF_UNIX, sun_path="/tmp/.X11-unix/X99"}, 110) = 0',
    '100 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 7',
    '100 connect(7, {sa_family=AF_INET, sin_port=htons(4444), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
    '101 socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, IPPROTO_IP) = 9',
    '101 connect(9, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("93.184.216.34")}, 16) = -1 EINPROGRESS',
    '102 socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_IP) = 4',
    '102 sendto(4, "...", 40, MSG_NOSIGNAL, {sa_family=AF_INET6, sin6_port=htons(53)}, 28) = 40',
    '103 socket(AF_INET, SOCK_STREAM, IPPROTO_TCP) = 5',
  ].join('\n')
  const bad = offending(log, [4444])
  assert.equal(bad.length, 5, bad.join('\n'))
  assert.ok(bad.some((l) => l.includes('93.184.216.34')) && bad.some((l) => l.includes('htons(53)')) && bad.some((l) => l.startsWith('103 ')))
  assert.deepEqual(offending(log.split('\n').slice(0, 4).join('\n'), [4444]), [], 'the session\'s own port is fine')
})
