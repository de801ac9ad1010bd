import { describe, expect, it, vi, beforeEach } from 'vitest'

const invoke = vi.fn()
vi.mock('@tauri-apps/api/core', () => ({ invoke: (...args: unknown[]) => invoke(...args) }))

import { api, ApiError } from '../src/api'

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
    await api.listGroups(7)
    expect(invoke).toHaveBeenCalledWith('list_groups', { cohortId: 7 })
    await api.restoreFromTrash('member', 3)
    expect(invoke).toHaveBeenLastCalledWith('restore_from_trash', { kind: 'member', id: 3 })
  })

  it('turns a {code, message} rejection into an ApiError', async () => {
    invoke.mockImplementation(() => Promise.reject({ code: 'duplicate', message: '手机号“13800138000”已被“张三”使用' }))
    const err = await failure(api.addMember({} as never))
    expect(err).toBeInstanceOf(ApiError)
    expect(err.code).toBe('duplicate')
    expect(err.message).toContain('张三')
  })

  it('wraps anything else as an internal error', async () => {
    invoke.mockImplementation(() => Promise.reject('boom'))
    const err = await failure(api.listTags())
    expect(err.code).toBe('internal')
  })
})
