// 「合并」 on a duplicate phone or WeChat ID: this record (or the form not saved yet) merged into
// the member who already has it, confirmed first, with 撤销 on the message that follows. The core
// moves the rows and undoes them exactly (members::merge / unmerge).
import { h } from 'vue'
import { NButton, useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { call } from '../../api'
import type { MemberInput } from '../../bindings'
import { useAction } from '../../composables/useAction'

export interface MergeAsk {
  keptId: number
  keptName: string
  /** The saved record merged away; null for a new member's form. */
  goneId: number | null
  input: MemberInput
}

export function useMerge() {
  const dialog = useDialog()
  const { t } = useI18n()
  const router = useRouter()
  const { act, message } = useAction()

  async function undo(mergeId: number, ask: MergeAsk, shown: { destroy: () => void }) {
    await act(async () => {
      await call('unmerge_members', { mergeId })
      shown.destroy()
      message.success(t('member.merge.undone'))
      if (ask.goneId !== null) router.push({ name: 'member', params: { id: ask.goneId } })
    })
  }

  return (ask: MergeAsk) =>
    dialog.warning({
      title: t('member.merge.title', { name: ask.input.name, kept: ask.keptName }),
      content: ask.goneId === null ? t('member.merge.bodyNew', { kept: ask.keptName }) : t('member.merge.body', { name: ask.input.name, kept: ask.keptName }),
      positiveText: t('member.merge.confirm'),
      negativeText: t('common.cancel'),
      maskClosable: false,
      onPositiveClick: () =>
        act(async () => {
          const r = ask.goneId === null
            ? await call('merge_into_member', { keptId: ask.keptId, input: ask.input })
            : await call('merge_members', { keptId: ask.keptId, goneId: ask.goneId })
          await router.push({ name: 'member', params: { id: ask.keptId } })
          const shown = message.success(
            () => h('span', { 'data-testid': 'merge-done' }, [
              t('member.merge.done', { kept: r.kept_name, moved: r.moved, filled: r.filled.length }),
              h(NButton, { text: true, type: 'primary', style: 'margin-left: 10px', 'data-testid': 'undo-merge', onClick: () => undo(r.merge_id, ask, shown) }, () => t('common.undo')),
            ]),
            { duration: 12000, keepAliveOnHover: true },
          )
        }),
    })
}
