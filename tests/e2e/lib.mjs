// Real-window e2e harness: the built Qunzhu binary under tauri-driver + WebKitWebDriver,
// driven by WebdriverIO. Each session gets its own data folder.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import net from 'node:net'
import { remote } from 'webdriverio'

const here = path.dirname(fileURLToPath(import.meta.url))
export const root = path.resolve(here, '../..')
export const binary = process.env.QUNZHU_BINARY ?? path.join(root, 'target/debug/qunzhu')
export const shotDir = process.env.QUNZHU_SHOTS ?? path.join(root, 'tests/e2e/screenshots')
mkdirSync(shotDir, { recursive: true })

/** A free loopback port, so two runs on one machine never meet on tauri-driver's ports. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function waitForPort(port, ms) {
  const until = Date.now() + ms
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1')
      s.once('connect', () => { s.destroy(); resolve() })
      s.once('error', () => {
        s.destroy()
        if (Date.now() > until) reject(new Error(`tauri-driver did not listen on ${port}`))
        else setTimeout(attempt, 100)
      })
    }
    attempt()
  })
}

export const cli = process.env.QUNZHU_CLI ?? path.join(root, 'target/debug/qunzhu-cli')

/** Starts tauri-driver and a session of the app on a fresh data folder; `prepare(dir)` may fill it
 * first. `wrap(dir)` may return another program to start in the app's place (one that runs it). */
export async function launch(name, prepare, wrap) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `qunzhu-e2e-${name}-`))
  if (prepare) await prepare(dataDir)
  const PORT = await freePort()
  const NATIVE_PORT = await freePort()
  const driver = spawn('tauri-driver', ['--port', String(PORT), '--native-port', String(NATIVE_PORT)], {
    // QUNZHU_E2E_CHOOSER: the file whose lines answer the app's file pickers (debug builds), as
    // `choose` writes them; the system's dialog is out of WebDriver's reach.
    env: { ...process.env, QUNZHU_DATA_DIR: dataDir, QUNZHU_E2E_CHOOSER: path.join(dataDir, 'chooser') },
    // The driver's and the app's output go to a log file, never to the test runner's pipes: an
    // app left running would hold those open and keep the runner waiting for ever.
    stdio: ['ignore', 'ignore', openSync(path.join(dataDir, 'tauri-driver.log'), 'w')],
  })
  await waitForPort(PORT, 20000)
  const browser = await remote({
    hostname: '127.0.0.1',
    port: PORT,
    logLevel: 'error',
    capabilities: {
      'tauri:options': { application: wrap ? wrap(dataDir) : binary, args: ['--data-dir', dataDir] },
      'wdio:enforceWebDriverClassic': true,
    },
  })
  await browser.setTimeout({ implicit: 0 })
  const close = async () => {
    const timeout = new Promise((r) => setTimeout(r, 10000))
    try { await Promise.race([browser.deleteSession(), timeout]) } catch { /* app already gone */ }
    driver.kill()
    // Whatever still runs on this session's data folder (an app the driver did not close) goes too.
    spawnSync('pkill', ['-f', dataDir])
    await new Promise((r) => setTimeout(r, 300))
  }
  return { browser, dataDir, close, ports: [PORT, NATIVE_PORT] }
}

export const byTestId = (id) => `[data-testid="${id}"]`

/** Clicks `selector` (a 选择文件 button) and answers the file picker it opens with `file`, as a
 *  user picking that file would; `file` '' cancels the picker. */
export async function choose(browser, dataDir, selector, file) {
  writeFileSync(path.join(dataDir, 'chooser'), `${file}\n`)
  await click(browser, selector)
}

export async function settle(browser) {
  // Two animation frames, so the screenshot shows the current frame, not a stale one.
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))
}

export async function shot(browser, file) {
  await browser.pause(250)
  await settle(browser)
  const p = path.join(shotDir, file)
  await browser.saveScreenshot(p)
  return p
}

/** Types into a Naive UI input the way a person does: focus, select all, delete, type. */
export async function type(browser, selector, text) {
  const el = await browser.$(`${selector} input, ${selector} textarea`)
  await el.waitForDisplayed({ timeout: 10000 })
  await clickEl(browser, el)
  await browser.keys(['Control', 'a'])
  await browser.keys(['Backspace'])
  if (text) await el.addValue(text)
}

export async function click(browser, selector) {
  const el = await browser.$(selector)
  await el.waitForClickable({ timeout: 12000 })
  // Wait out enter animations (notifications slide in): click where the element has settled.
  let last = null
  await browser.waitUntil(async () => {
    const loc = JSON.stringify(await el.getLocation())
    const same = loc === last
    last = loc
    return same
  }, { timeout: 3000, interval: 120 })
  await clickEl(browser, el)
}

/** Closes the notifications in the corner (a birthday, a task falling due while the test runs),
 *  as a user would when one covers what they want to click. */
export async function dismissNotifications(browser) {
  for (const close of await browser.$$('.n-notification .n-base-close')) {
    try { await close.click() } catch { /* already leaving */ }
  }
}

/** Clicks an element found already, retrying while something animating (a dialog sliding in, a
 *  message) still covers it; a notification in the way is closed. */
export async function clickEl(browser, el) {
  for (let attempt = 0; ; attempt++) {
    try {
      await el.click()
      return
    } catch (e) {
      if (attempt >= 10 || !/intercepted|not interactable/.test(String(e))) {
        // What covered it is the first question when this fails.
        try { await browser.saveScreenshot(path.join(shotDir, 'failed-click.png')) } catch { /* closed */ }
        throw e
      }
      if (attempt >= 2) await dismissNotifications(browser)
      await browser.pause(200)
    }
  }
}

/** Waits until an element stops moving (a dialog scaling in), so a popup opened from it is
 *  placed beside it and not where the element was mid-animation. */
export async function waitStill(browser, el) {
  let last = ''
  await browser.waitUntil(async () => {
    const now = JSON.stringify(await el.getLocation())
    const still = now === last
    last = now
    if (!still) await browser.pause(100)
    return still
  }, { timeout: 10000, timeoutMsg: 'the element kept moving' })
}

/** Types a start and an end date into a Naive UI date-range picker and confirms. */
export async function fillDateRange(browser, selector, start, end) {
  const dates = await browser.$$(`${selector} input`)
  await waitStill(browser, dates[0])
  await clickEl(browser, dates[0])
  await dates[0].setValue(start)
  await clickEl(browser, dates[1])
  await dates[1].setValue(end)
  await browser.keys('Enter')
}

/** Opens a Naive UI select and picks the option with this exact label. */
export async function pick(browser, selector, label) {
  await click(browser, selector)
  const option = await browser.$(`//div[contains(@class,"n-base-select-option")][normalize-space(.)="${label}"]`)
  await option.waitForDisplayed({ timeout: 10000 })
  await option.click()
  await browser.pause(150)
}

export async function clickText(browser, text, tag = '*') {
  const el = await browser.$(`//${tag}[normalize-space(.)="${text}"]`)
  await el.waitForClickable({ timeout: 12000 })
  await el.click()
}

/** Confirms the open Naive UI dialog (its primary button). A click during the dialog's enter
 *  animation can miss: wait for the button to settle, and click again while the dialog stays. */
export async function confirmDialog(browser) {
  const selector = '.n-dialog__action .n-button--warning-type, .n-dialog__action .n-button--error-type, .n-dialog__action .n-button--primary-type'
  for (let attempt = 0; attempt < 3; attempt++) {
    await (await browser.$(selector)).waitForClickable({ timeout: 12000 })
    // A click while the dialog still scales in can land on the mask beside the button, and the
    // mask closes the dialog without confirming: wait for the animation to end first.
    await settled(browser)
    await click(browser, selector)
    try {
      await browser.waitUntil(async () => !(await (await browser.$(selector)).isExisting()), { timeout: 3000 })
      return
    } catch {
      // Still open: the click landed before the button was ready.
    }
  }
  throw new Error('the dialog did not close when confirmed')
}

/** Waits for the finite animations and transitions to end (spinners run forever and are left
 *  out): a fade still running reads half-transparent, a dialog still scaling in moves its buttons. */
export async function settled(browser, what = 'the window') {
  await browser.waitUntil(() => browser.execute(() => document.getAnimations()
    .filter((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity).length === 0),
  { timeout: 5000, timeoutMsg: `${what}: animations did not settle` })
}

/** Visible text of every element matching a CSS selector, read in one go (tables re-render). */
export async function texts(browser, selector) {
  return browser.execute((sel) => Array.from(document.querySelectorAll(sel)).map((e) => e.innerText.trim()), selector)
}

/** Clicks the first row of a data table whose text contains `text` (or the first row). */
export async function clickRow(browser, testId, text = '') {
  await browser.waitUntil(async () => (await texts(browser, `[data-testid="${testId}"]`)).some((t) => t.includes(text)), {
    timeout: 12000, timeoutMsg: `no ${testId} containing ${text}`,
  })
  // Tables re-render while results arrive: click again if the row was replaced under the click.
  const start = await browser.getUrl()
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const cell = await browser.$(`//*[@data-testid="${testId}"][contains(., "${text}")]/td[@data-col-key="name"]`)
      await cell.click()
      await browser.waitUntil(async () => (await browser.getUrl()) !== start, { timeout: 2000 })
      return
    } catch (e) {
      console.log(`clickRow attempt ${attempt}: ${e.message.split('\n')[0]}`)
      await browser.pause(300)
    }
  }
  await browser.saveScreenshot(path.join(shotDir, 'failed-click.png'))
  throw new Error(`clicking the ${testId} row with ${text} did not open it`)
}

/** Scrolls the members table top to bottom in `steps` frames and returns each frame's duration (ms). */
export async function scrollFrames(browser, steps = 40) {
  await browser.setTimeout({ script: 180000 })
  const r = await browser.executeAsync((steps, done) => {
    const body = document.querySelector('[data-testid="members-table"] .v-vl')
    if (!body) return done({ error: 'no virtual list' })
    const times = []
    let last = performance.now()
    let step = 0
    const tick = (now) => {
      times.push(now - last)
      last = now
      step++
      body.scrollTop = (body.scrollHeight * step) / steps
      if (step <= steps) requestAnimationFrame(tick)
      else done({ times: times.slice(2) })
    }
    requestAnimationFrame(tick)
  }, steps)
  if (r.error) throw new Error(r.error)
  const sorted = [...r.times].sort((x, y) => x - y)
  const pct = (p) => Math.round(sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))])
  return { p50: pct(0.5), p95: pct(0.95), max: pct(1) }
}

/** Waits for a toast message containing `pattern`. */
export async function waitMessage(browser, pattern) {
  let seen = []
  const all = new Set()
  try {
    await browser.waitUntil(async () => {
      seen = await texts(browser, '.n-message')
      seen.forEach((t) => all.add(t))
      return seen.some((t) => pattern.test(t))
    }, { timeout: 12000 })
  } catch {
    // What did show is the first question when this fails.
    try { await browser.saveScreenshot(path.join(shotDir, 'failed-message.png')) } catch { /* closed */ }
    throw new Error(`no message matching ${pattern}; seen: ${JSON.stringify([...all])}`)
  }
  return seen.find((t) => pattern.test(t))
}
