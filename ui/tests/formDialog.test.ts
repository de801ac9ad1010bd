import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h, reactive, ref, type Component } from 'vue'
import { NConfigProvider, NFormItem, NInput, NMessageProvider } from 'naive-ui'
import type { FormRules } from 'naive-ui'
import { i18n } from '../src/i18n'
import FormDialog from '../src/components/FormDialog.vue'
import CohortForm from '../src/screens/cohorts/CohortForm.vue'
import type { FieldMark } from '../src/composables/useFieldError'
import type { Cohort, Field } from '../src/bindings'

const invoke = vi.hoisted(() => vi.fn((_cmd: string, _args?: unknown): Promise<unknown> => Promise.resolve(null)))
vi.mock('@tauri-apps/api/core', () => ({ invoke }))

let wrapper: VueWrapper | null = null
afterEach(() => {
  wrapper?.unmount()
  wrapper = null
  document.body.innerHTML = ''
})

/** A dialog with two marked items (名称 → name, 手机号 → phone), open, inside the app's providers. */
async function open(submit: () => Promise<unknown>, options: { rules?: FormRules } = {}) {
  i18n.global.locale.value = 'zh-CN'
  const show = ref(true)
  const model = reactive({ name: '', phone: '' })
  const done = vi.fn()
  const item = (label: string, key: 'name' | 'phone', mark: (...f: Field[]) => FieldMark) =>
    h(NFormItem, { label, path: key, 'data-testid': `item-${key}`, ...mark(key) }, () =>
      h(NInput, { value: model[key], 'onUpdate:value': (v: string) => (model[key] = v), 'data-testid': `input-${key}` }))
  const Host = defineComponent({
    render: () =>
      h(NConfigProvider, null, () =>
        h(NMessageProvider, null, () =>
          h(
            FormDialog as Component,
            {
              show: show.value,
              'onUpdate:show': (v: boolean) => (show.value = v),
              title: '新建一期',
              submit,
              model,
              rules: options.rules,
              testId: 'dialog',
              submitTestId: 'submit',
              onDone: done,
            },
            { default: ({ mark }: { mark: (...f: Field[]) => FieldMark }) => [item('名称', 'name', mark), item('手机号', 'phone', mark)] },
          ),
        ),
      ),
  })
  wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
  await flushPromises()
  return { show, model, done }
}

const q = (sel: string) => document.querySelector(sel)
const button = (testId = 'submit') => q(`[data-testid="${testId}"]`) as HTMLButtonElement
async function clickSubmit(testId = 'submit') {
  button(testId).click()
  await flushPromises()
}

describe('FormDialog', () => {
  it('runs the submit; on success emits done with its result and closes', async () => {
    const submit = vi.fn(() => Promise.resolve({ id: 7 }))
    const { show, done } = await open(submit)
    expect(q('[data-testid="dialog"]')).not.toBeNull()
    expect(button().textContent).toContain('保存')
    expect(q('.n-modal-mask')).not.toBeNull()
    await clickSubmit()
    expect(submit).toHaveBeenCalledOnce()
    expect(done).toHaveBeenCalledOnce()
    expect(done).toHaveBeenCalledWith({ id: 7 })
    expect(show.value).toBe(false)
    // The modal's mask goes at once (the card follows when its closing animation ends).
    await flushPromises()
    expect(q('.n-modal-mask')).toBeNull()
  })

  it('on failure stays open, shows the message and marks the item of the failing field', async () => {
    const submit = vi.fn(() => Promise.reject({ code: 'duplicate', message: '手机号“13800138000”已被“张三”使用', field: 'phone' }))
    const { show, done } = await open(submit)
    await clickSubmit()
    expect(submit).toHaveBeenCalledOnce()
    expect(done).not.toHaveBeenCalled()
    expect(show.value).toBe(true)
    expect(q('.n-modal-mask')).not.toBeNull()
    expect(document.body.textContent).toContain('已被“张三”使用')
    // The phone item is marked, with the message under it; the name item is not.
    const phone = q('[data-testid="item-phone"]')!
    expect(phone.querySelector('.n-form-item-blank--error')).not.toBeNull()
    expect(phone.querySelector('.n-form-item-feedback--error')?.textContent).toContain('已被“张三”使用')
    const name = q('[data-testid="item-name"]')!
    expect(name.querySelector('.n-form-item-blank--error')).toBeNull()
    expect(name.querySelector('.n-form-item-feedback--error')).toBeNull()
  })

  it('clears the mark once the form is edited, and when it is opened again', async () => {
    const submit = vi.fn(() => Promise.reject({ code: 'invalid', message: '名称格式不对', field: 'name' }))
    const { show, model } = await open(submit)
    const marked = () => q('[data-testid="item-name"] .n-form-item-blank--error') !== null
    await clickSubmit()
    expect(marked()).toBe(true)
    model.name = '第3期'
    await flushPromises()
    expect(marked()).toBe(false)

    await clickSubmit()
    expect(marked()).toBe(true)
    show.value = false
    await flushPromises()
    show.value = true
    await flushPromises()
    expect(marked()).toBe(false)
  })

  it('shows loading on the submit button while the submit runs', async () => {
    let finish: (v: unknown) => void = () => {}
    const submit = vi.fn(() => new Promise((resolve) => (finish = resolve)))
    const { done } = await open(submit)
    expect(button().classList.contains('n-button--loading')).toBe(false)
    await clickSubmit()
    expect(submit).toHaveBeenCalledOnce()
    expect(button().classList.contains('n-button--loading')).toBe(true)
    // A second click while it runs saves nothing twice.
    await clickSubmit()
    expect(submit).toHaveBeenCalledOnce()
    finish('ok')
    await flushPromises()
    expect(done).toHaveBeenCalledWith('ok')
  })

  it('submits nothing while the form\'s own rules fail', async () => {
    const submit = vi.fn(() => Promise.resolve(null))
    const { show } = await open(submit, { rules: { name: { required: true, message: '请填写名称', trigger: ['input', 'blur'] } } })
    await clickSubmit()
    expect(submit).not.toHaveBeenCalled()
    expect(show.value).toBe(true)
    expect(q('[data-testid="item-name"] .n-form-item-feedback--error')?.textContent).toContain('请填写名称')
  })
})

describe('a form on FormDialog', () => {
  it('the cohort form marks its dates when the core refuses the end date', async () => {
    i18n.global.locale.value = 'zh-CN'
    invoke.mockImplementation((cmd: string) =>
      cmd === 'update_cohort' ? Promise.reject({ code: 'invalid', message: '结束日期格式不对：“2026-02-30”。', field: 'end_date' }) : Promise.resolve([]))
    const cohort = { id: 3, name: '第3期', start_date: '2026-02-01', end_date: '2026-02-21', group_name_rule: '{期}期{城市}{序号}群', notes: '', link: '', serial_pattern: '' } as Cohort
    const show = ref(false)
    const saved = vi.fn()
    const Host = defineComponent({
      render: () => h(NConfigProvider, null, () => h(NMessageProvider, null, () =>
        h(CohortForm, { show: show.value, 'onUpdate:show': (v: boolean) => (show.value = v), cohort, onSaved: saved }))),
    })
    wrapper = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
    show.value = true
    await flushPromises()
    const item = (testId: string) => q(`[data-testid="${testId}"]`)!.closest('.n-form-item')!
    await clickSubmit('cohort-save')
    expect(invoke).toHaveBeenCalledWith('update_cohort', expect.objectContaining({ id: 3 }))
    expect(saved).not.toHaveBeenCalled()
    expect(show.value).toBe(true)
    expect(item('cohort-dates').querySelector('.n-form-item-feedback--error')?.textContent).toContain('结束日期格式不对')
    expect(item('cohort-name').querySelector('.n-form-item-blank--error')).toBeNull()
  })
})
