// The retrospective (复盘) in the real window: open a finished demo cohort, import its members'
// satisfaction survey (a 问卷星 CSV), write a finding, turn a lesson into an SOP task, export the
// PDF and read its text back; then compare it with the cohort before.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { launch, byTestId, choose, shot, type, click, texts, waitMessage, cli } from '../lib.mjs'

let app
before(async () => {
  app = await launch('retro', (dir) => {
    const r = spawnSync(cli, ['--data-dir', dir, 'demo', 'load'], { encoding: 'utf8' })
    assert.equal(r.status, 0, r.stderr)
  })
})
after(async () => { await app?.close() })

const FIRST = '21天写作营 第1期'
const SECOND = '21天写作营 第2期'

function cliJson(...args) {
  const r = spawnSync(cli, ['--data-dir', app.dataDir, ...args, '--json'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return JSON.parse(r.stdout)
}

/** The demo's birthday reminder would cover the lower right: close it, as a user would. */
async function closeBirthdayNotice(b) {
  const close = await b.$('.n-notification .n-base-close')
  try {
    await close.waitForExist({ timeout: 4000 })
    await close.click()
    await close.waitForExist({ timeout: 4000, reverse: true })
  } catch {
    // No reminder today.
  }
}

async function setText(b, testId, text) {
  await b.execute((sel, t) => {
    const ta = document.querySelector(sel)
    ta.value = t
    ta.dispatchEvent(new Event('input', { bubbles: true }))
  }, `${byTestId(testId)} textarea`, text)
}

test('look back on a finished cohort: survey, finding, lesson into the SOP, PDF', async () => {
  const b = app.browser
  const cohort = cliJson('cohorts', 'list').find((c) => c.name === SECOND)
  const members = cliJson('members', 'list', '--cohort', SECOND).slice(0, 3)
  // 问卷星's export: two members answer 5 and 4 (and 10, 7 to the recommend question), a stranger 3 and 2;
  // the demo cohort has its own end-of-cohort survey already.
  const survey = path.join(app.dataDir, '第2期结营问卷.csv')
  writeFileSync(survey, '\ufeff序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的姓名,2、您对本期的整体满意度,3、您有多大可能向朋友推荐我们？,4、建议\r\n'
    + `1,2026/9/25 21:00:00,60秒,微信,N/A,1.1.1.1,${members[0].name},5,10,很好\r\n`
    + `2,2026/9/25 21:01:00,60秒,微信,N/A,1.1.1.2,${members[1].name},4,7,多一些直播\r\n`
    + '3,2026/9/25 21:02:00,60秒,微信,N/A,1.1.1.3,路人甲,3,2,(跳过)\r\n')
  await b.url(`tauri://localhost/#/retro?cohort=${cohort.id}`)
  const checkin = await b.$(`${byTestId('kpi-checkin')} .value`)
  await checkin.waitForDisplayed({ timeout: 15000 })
  await closeBirthdayNotice(b)
  await shot(b, '57-retro-metrics.png')
  const expected = cliJson('retro', 'show', '--cohort', SECOND)
  assert.equal(await checkin.getText(), `${(expected.checkin_rate * 100).toFixed(1)}%`, 'the card shows what the core computed')

  // The survey: questions read and mapped, then imported; satisfaction and NPS appear.
  await click(b, byTestId('survey-add'))
  await choose(b, app.dataDir, byTestId('survey-path-choose'), survey)
  await click(b, byTestId('survey-preview'))
  await b.waitUntil(async () => (await texts(b, byTestId('survey-question'))).length === 3, { timeout: 10000, timeoutMsg: 'questions not read' })
  const q = await texts(b, byTestId('survey-question'))
  assert.match(q[0], /满意度/)
  assert.match(q[1], /NPS/)
  await click(b, byTestId('survey-import'))
  await waitMessage(b, /已导入 3 份答卷，2 份对应到成员/)
  // The demo's own survey and this one together, as the core computes them.
  const after = cliJson('retro', 'show', '--cohort', SECOND)
  assert.equal(after.survey_responses, expected.survey_responses + 3)
  assert.notEqual(after.satisfaction_members, expected.satisfaction_members)
  const sat = `${(after.satisfaction_members * 100).toFixed(1)}%`
  await b.waitUntil(async () => (await b.$(`${byTestId('kpi-satMembers')} .value`).getText()) === sat, { timeout: 10000, timeoutMsg: `satisfaction ${sat} not shown` })
  const nps = `${after.nps >= 0 ? '+' : ''}${Math.round(after.nps)}`
  assert.equal(await b.$(`${byTestId('kpi-nps')} .value`).getText(), nps)

  // A finding and a lesson pushed into the SOP for the next cohort.
  const finding = '第二周打卡率下滑：周末没有提醒，班长也休息了'
  await setText(b, 'retro-problems', finding)
  await click(b, byTestId('retro-save-notes'))
  await waitMessage(b, /已保存/)
  await type(b, byTestId('retro-action-text'), '周末加一条打卡提醒')
  await type(b, byTestId('retro-action-anchor'), 'D+5')
  await click(b, byTestId('retro-action-add'))
  await (await b.$(byTestId('retro-push'))).waitForDisplayed({ timeout: 10000 })
  await click(b, byTestId('retro-push'))
  await click(b, byTestId('retro-push-confirm'))
  await waitMessage(b, /已加入「default-21day-improved」/)
  await shot(b, '58-retro-findings.png')
  const sop = spawnSync(cli, ['--data-dir', app.dataDir, 'sop', 'show', 'default-21day-improved'], { encoding: 'utf8' })
  assert.match(sop.stdout + sop.stderr, /周末加一条打卡提醒/)

  // The PDF: its text carries the metrics and the finding.
  await click(b, byTestId('retro-export-pdf'))
  await waitMessage(b, /已导出 .*\.pdf/)
  // The report as a file card (打开 · 在文件夹中显示), not a path.
  const card = await b.$(byTestId('retro-file'))
  await card.waitForDisplayed({ timeout: 10000 })
  assert.ok((await card.getAttribute('data-path')).endsWith('.pdf'))
  const exports = path.join(app.dataDir, 'exports')
  const pdf = readdirSync(exports).find((f) => f.endsWith('.pdf') && f.includes('复盘'))
  assert.ok(pdf, 'the PDF is in exports/')
  const text = spawnSync('pdftotext', [path.join(exports, pdf), '-'], { encoding: 'utf8' }).stdout
  assert.ok(text.includes(finding), 'the finding is in the PDF')
  assert.ok(text.includes(`${(expected.checkin_rate * 100).toFixed(1)}%`), 'the check-in rate is in the PDF')
  assert.ok(text.includes('学员满意度') && text.includes(`(${sat})`), text)
})

test('compare two cohorts side by side', async () => {
  const b = app.browser
  await click(b, byTestId('retro-tab-compare'))
  // Every compared metric (the 复盘's and the growth ledger's KPI rows) is a row.
  const compared = cliJson('retro', 'compare', '--cohort', FIRST, '--cohort', SECOND).rows.length
  assert.equal(compared, 20)
  await b.waitUntil(async () => (await texts(b, byTestId('compare-row'))).length === compared, { timeout: 10000, timeoutMsg: 'comparison not shown' })
  const header = await texts(b, `${byTestId('retro-compare')} th`)
  assert.deepEqual(header.slice(1), [FIRST, SECOND])
  const rows = await texts(b, byTestId('compare-row'))
  const enrolled = rows.find((r) => r.startsWith('报名人数'))
  const cmp = cliJson('retro', 'compare', '--cohort', FIRST, '--cohort', SECOND)
  const delta = cmp.rows.find((r) => r.key === 'enrolled').deltas[1]
  assert.match(enrolled, new RegExp(`[▲▼] \\+?${delta}`), enrolled)
  await shot(b, '59-retro-compare.png')
})
