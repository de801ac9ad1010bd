// The one delete confirmation: a warning dialog naming what goes, 删除 / 取消, and the delete
// run with its failure shown (what goes is in the trash, so the text says how to get it back).
import { useDialog } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { useAction } from './useAction'

export interface ConfirmDelete {
  title: string
  content: string
  /** The button's words when not 删除 (移除, 撤销 …). */
  positiveText?: string
  onConfirm: () => Promise<unknown>
}

export function useConfirmDelete() {
  const dialog = useDialog()
  const { t } = useI18n()
  const { act } = useAction()
  return (c: ConfirmDelete) =>
    dialog.warning({
      title: c.title,
      content: c.content,
      positiveText: c.positiveText ?? t('common.delete'),
      negativeText: t('common.cancel'),
      // Only 删除 or 取消 (or Esc) answers it: a click beside the dialog does not, so a click that
      // misses the button never reads as an answer.
      maskClosable: false,
      onPositiveClick: () => act(c.onConfirm),
    })
}
