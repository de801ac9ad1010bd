// Restoring a backup, asked first: the Settings screen and the screen shown when the data could
// not be opened share it. Call in a component's setup; `restored` runs after a restore.
import { useDialog } from 'naive-ui'
import { useMessage } from '../composables/messages'
import { useI18n } from 'vue-i18n'
import { call } from '../api'
import type { BackupInfo } from '../bindings'

export function useRestoreBackup(restored: () => void) {
  const { t } = useI18n()
  const dialog = useDialog()
  const message = useMessage()
  return (b: BackupInfo) =>
    dialog.warning({
      title: t('common.restore'), content: t('settings.restoreConfirm', { time: b.created_at }),
      positiveText: t('common.restore'), negativeText: t('common.cancel'),
      onPositiveClick: async () => {
        try {
          await call('restore_backup', { id: b.id })
          message.success(t('settings.restored', { time: b.created_at }))
          restored()
        } catch (e) {
          message.error((e as Error).message, { duration: 8000 })
        }
      },
    })
}
