// After something goes to the trash, a notification offers to undo it right there.
import { h } from 'vue'
import { NButton, useNotification } from 'naive-ui'
import { useMessage } from '../composables/messages'
import { useI18n } from 'vue-i18n'
import { call } from '../api'
import type { Entity } from '../bindings'

export function useUndo() {
  const notification = useNotification()
  const message = useMessage()
  const { t } = useI18n()
  return (kind: Entity, id: number, label: string, afterUndo?: () => void) => {
    const n = notification.create({
      title: t('common.deletedToTrash'),
      content: label,
      duration: 10000,
      keepAliveOnHover: true,
      action: () =>
        h(
          NButton,
          {
            text: true, type: 'primary', 'data-testid': 'undo-delete',
            onClick: async () => {
              try {
                await call('restore_from_trash', { kind, id })
                n.destroy()
                message.success(`${t('common.restored')}：${label}`)
                afterUndo?.()
              } catch (e) {
                message.error((e as Error).message)
              }
            },
          },
          () => t('common.undo'),
        ),
    })
  }
}
