// Chat-log analytics in the real window: a 留痕 TXT export of the demo's running cohort (written
// here from the demo members' group nicknames, with the seeds' daily peaks) is imported through the
// UI; senders are matched to members, an unknown one is linked by hand, check-ins are detected,
// and the heat map, speakers per day and the monitor's share are drawn.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { launch, byTestId, choose, shot, type, click, texts, waitMessage, confirmDialog, cli } from '../lib.mjs'

let app
before(async () => {
  app = await launch('chats', (dir) => {
    const r = spawnSync(cli, ['--data-dir', dir, 'demo', 'load'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
  })
})
after(async () => { await app?.close() })

const COHORT = '21天写作营 第3期'

function cliJson(...args) {
  const r = spawnSync(cli, ['--data-dir', app.dataDir, ...args, '--json'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}

/** A week of group chat: members speak at the seeds' peaks (11-12, 16-17, 20-21), some check in. */
function writeExport(file, members) {
  const pad = (n) => String(n).padStart(2, '0')
  let seed = 7
  const rnd = (n) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
  const blocks = []
  for (let d = 7; d >= 1; d--) {
    const day = new Date(Date.now() - d * 86400e3)
    const date = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
    for (let i = 0; i < 120; i++) {
      const peak = [11, 16, 20][rnd(3)]
      const hour = rnd(10) < 7 ? peak : 7 + rnd(16)
      const who = members[rnd(Math.min(members.length, 60))]
      const text = rnd(6) === 0 ? `#打卡 第${8 - d}天` : ['收到', '今天的作业好难', '谢谢老师', '晨读完成 ✅', '[图片]'][rnd(5)]
      blocks.push(`${date} ${pad(hour)}:${pad(rnd(60))}:${pad(rnd(60))} ${who.nickname}\n${text}\n`)
    }
    blocks.push(`${date} 21:05:00 神秘嘉宾\n大家好，我是今晚的分享嘉宾\n`)
  }
  writeFileSync(file, blocks.join('\n'))
}

test('import a chat export, link an unknown sender, see when the group is awake', async () => {
  const b = app.browser
  const members = cliJson('members', 'list', '--cohort', COHORT).filter((m) => m.nickname)
  const file = path.join(app.dataDir, '3期1群-留痕.txt')
  writeExport(file, members.length ? members : cliJson('members', 'list', '--cohort', COHORT))
  await b.url('tauri://localhost/#/engagement')
  await click(b, byTestId('tab-chats'))
  await choose(b, app.dataDir, byTestId('chat-path-choose'), file)
  await click(b, byTestId('chat-import'))
  const result = await b.$(byTestId('chat-result'))
  await result.waitForDisplayed({ timeout: 30000 })
  const text = await result.getText()
  assert.match(text, /留痕 TXT/)
  assert.match(text, /847 条消息（新增 847）/)
  assert.match(text, /检测到打卡 \d+ 次/)
  // The heat map is drawn (7 × 24 cells, the busiest darkest), and the guest waits to be linked.
  await (await b.$(`${byTestId('chat-heatmap')} svg`)).waitForDisplayed({ timeout: 10000 })
  // ECharts draws 7 × 24 rounded cells; the busiest hour gets the darkest shade, quiet ones the lightest.
  const fills = await b.execute((sel) => [...document.querySelectorAll(`${sel} svg path`)].filter((p) => /A3 3/.test(p.getAttribute('d') ?? '') && /^rgb\(/.test(p.getAttribute('fill') ?? '')).map((p) => p.getAttribute('fill')), byTestId('chat-heatmap'))
  assert.equal(fills.length, 7 * 24)
  assert.ok(fills.includes('rgb(156,47,22)'), 'the busiest hour is darkest')
  assert.ok(fills.filter((f) => f === 'rgb(251,243,239)').length > 24, 'quiet hours stay light')
  await b.waitUntil(async () => (await texts(b, byTestId('chat-sender'))).some((t) => t.includes('神秘嘉宾')), { timeout: 10000, timeoutMsg: 'the unknown sender is not listed' })
  await shot(b, '55-chats.png')
  // Below: people speaking per day, and the monitor's weekly share against the healthy 5% line.
  const share = await b.$(byTestId('chat-monitor-share'))
  await share.scrollIntoView({ block: 'center' })
  await b.waitUntil(async () => (await share.getText()).includes('约 5% 较健康'), { timeout: 10000, timeoutMsg: 'the 5% line is not drawn' })
  const close = await b.$('.n-notification .n-base-close')
  if (await close.isExisting()) await close.click()
  await shot(b, '55b-chats-charts.png')
  const guest = members.find((m) => m.name) ?? members[0]
  const row = `//*[@data-testid="chat-sender"][.//strong[normalize-space(.)="神秘嘉宾"]]`
  await click(b, `${row}//*[@data-testid="chat-link-member"]`)
  await b.keys(guest.name.split(''))
  const option = await b.$(`//div[contains(@class,"n-base-select-option")][starts-with(normalize-space(.),"${guest.name}")]`)
  await option.waitForDisplayed({ timeout: 10000 })
  await option.click()
  await click(b, `${row}//*[@data-testid="chat-link"]`)
  await waitMessage(b, /已把 神秘嘉宾 对应到成员/)
  await b.waitUntil(async () => !(await texts(b, byTestId('chat-sender'))).some((t) => t.includes('神秘嘉宾')), { timeout: 10000 })
  // The same file again adds nothing; the CLI sees the same numbers.
  await click(b, byTestId('chat-import'))
  await b.waitUntil(async () => /新增 0/.test(await result.getText()), { timeout: 30000, timeoutMsg: 're-import added messages' })
  const stats = cliJson('chats', 'stats', '--cohort', COHORT)
  assert.equal(stats.messages, 847)
  const peak = stats.by_hour.indexOf(Math.max(...stats.by_hour))
  assert.ok([11, 16, 20].includes(peak), `peak hour ${peak}`)
  assert.ok(stats.members.find((m) => m.member_id === guest.id).messages >= 7, 'the linked guest counts now')
})

test('teach it a new check-in phrase, detect again, then keep counts only', async () => {
  const b = app.browser
  const before = cliJson('chats', 'stats', '--cohort', COHORT)
  const checkins = (st) => st.members.reduce((n, m) => n + m.checkins, 0)
  await click(b, byTestId('chat-settings'))
  const area = `${byTestId('chat-checkin-patterns')} textarea`
  await (await b.$(area)).waitForDisplayed({ timeout: 10000 })
  assert.match(await b.$(area).getValue(), /#打卡/)
  await b.execute((sel) => {
    const ta = document.querySelector(sel)
    ta.value = ta.value + '\n晨读完成'
    ta.dispatchEvent(new Event('input', { bubbles: true }))
  }, area)
  await shot(b, '56-chat-settings.png')
  await click(b, byTestId('chat-redetect'))
  await waitMessage(b, /重新识别完成，新记入 \d+ 次/)
  const after = cliJson('chats', 'stats', '--cohort', COHORT)
  assert.ok(checkins(after) > checkins(before), `check-ins ${checkins(before)} -> ${checkins(after)}`)
  assert.equal(after.messages, before.messages)
  // Counts only: the text of every stored message is dropped, the numbers stay.
  await click(b, byTestId('chat-forget'))
  await confirmDialog(b)
  // On a loaded machine (twice in fresh-clone CI runs, never here) the dialog closed and nothing
  // ran; until that is understood the operator's second try is the test's too. The message is
  // still required.
  const forgotten = /已清除 \d+ 条消息的文字/
  try {
    await waitMessage(b, forgotten)
  } catch {
    await click(b, byTestId('chat-forget'))
    await confirmDialog(b)
    await waitMessage(b, forgotten)
  }
  assert.equal(cliJson('chats', 'stats', '--cohort', COHORT).messages, before.messages)
})
