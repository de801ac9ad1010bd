import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NConfigProvider } from 'naive-ui'
import { i18n } from '../src/i18n'
import ReminderBar from '../src/components/ReminderBar.vue'
import type { Reminder } from '../src/bindings'

const reminder = (name: string, days: number, missed = false) => ({ name, date: '12月9日', days_before: days, missed }) as unknown as Reminder

describe('the reminder line', () => {
  it('lists each birthday whole on one line, and closes', async () => {
    const closed: string[] = []
    const w = mount(defineComponent({
      render: () => h(NConfigProvider, null, () => h(ReminderBar, {
        birthdays: [reminder('张三', 0), reminder('阿卜杜热合曼·买买提', 3), reminder('李四', 2, true)], tasks: [], missed: false,
        onCloseBirthdays: () => closed.push('birthdays'),
      })),
    }), { global: { plugins: [i18n] } })
    const bar = w.find('[data-testid="birthday-reminders"]')
    expect(bar.exists()).toBe(true)
    expect(w.find('[data-testid="tasks-due"]').exists()).toBe(false)
    // One element an item: the line clips at an item's end, never inside a name or "3 天后".
    expect(bar.findAll('.item').map((i) => i.text())).toEqual(['张三 12月9日（今天生日）', '阿卜杜热合曼·买买提 12月9日（3 天后生日）', '李四 12月9日（关闭期间错过的提醒）'])
    await w.find('[data-testid="close-birthday-reminders"]').trigger('click')
    expect(closed).toEqual(['birthdays'])
  })

  it('shows nothing when there is nothing to remind', () => {
    const w = mount(ReminderBar, { props: { birthdays: [], tasks: [], missed: false }, global: { plugins: [i18n] } })
    expect(w.html()).not.toContain('bar')
  })
})
