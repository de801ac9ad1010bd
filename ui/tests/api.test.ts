import { describe, expect, it, vi, beforeEach } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({
  invoke: (...args: unknown[]) => invoke(...args),
  // What a job's progress arrives on: the test delivers messages itself.
  Channel: class { onmessage: (m: unknown) => void = () => {} },
}))

import { call, cancelJob, job, ApiError } from '../src/api'

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (e) {
    return e as ApiError
  }
  throw new Error('expected a rejection')
}

describe('api', () => {
  beforeEach(() => {
    invoke.mockReset()
  })

  it('passes arguments under the names the Rust commands take', async () => {
    invoke.mockResolvedValue([])
    await call('list_groups', { cohortId: 7 })
    expect(invoke).toHaveBeenCalledWith('list_groups', { cohortId: 7 })
    await call('restore_from_trash', { kind: 'member', id: 3 })
    expect(invoke).toHaveBeenLastCalledWith('restore_from_trash', { kind: 'member', id: 3 })
    await call('list_tags')
    expect(invoke).toHaveBeenLastCalledWith('list_tags', undefined)
  })

  it('checks names, arguments and results against the generated command map', async () => {
    invoke.mockResolvedValue([])
    const groups = await call('list_groups', { cohortId: 7 })
    // The result is typed: a group list has names.
    groups.map((g) => g.name.length)
    // @ts-expect-error no such command
    await call('list_grups', { cohortId: 7 })
    // @ts-expect-error an argument under the wrong name
    await call('list_groups', { cohort_id: 7 })
    // @ts-expect-error a command that takes arguments called without them
    await call('get_member')
    // @ts-expect-error only jobs can be cancelled
    await cancelJob('list_tags')
  })

  it('runs a job with a progress channel and cancels it by the command\'s name', async () => {
    invoke.mockResolvedValue({ committed: true })
    const seen: number[] = []
    await job('run_import', { path: '/tmp/a.csv', options: {} as never }, (n) => seen.push(n))
    const [cmd, args] = invoke.mock.calls[0]
    expect(cmd).toBe('run_import')
    expect(args.path).toBe('/tmp/a.csv')
    args.onProgress.onmessage(1000)
    expect(seen).toEqual([1000])
    await cancelJob('run_import')
    expect(invoke).toHaveBeenLastCalledWith('cancel_job', { job: 'run_import' })
  })

  it('turns a {code, message} rejection into an ApiError', async () => {
    invoke.mockImplementation(() => Promise.reject({ code: 'duplicate', message: '手机号“13800138000”已被“张三”使用' }))
    const err = await failure(call('add_member', { input: {} as never }))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('duplicate')
    expect(err.message).toContain('张三')
  })

  it('wraps anything else as an internal error', async () => {
    invoke.mockImplementation(() => Promise.reject('boom'))
    const err = await failure(call('list_tags'))
    expect(err.code).toBe('internal')
  })
})
