import { describe, expect, it } from 'vitest'
import { recallText } from '../src/screens/engagement/recall'

describe('the recall message', () => {
  it('names one member, or @-mentions several in one group message', () => {
    const m = '{成员}，好久没见你打卡啦，今天来聊两句？'
    expect(recallText(m, ['张三'])).toBe('张三，好久没见你打卡啦，今天来聊两句？')
    expect(recallText(m, ['张三', '李四'])).toBe('@张三 @李四 大家，好久没见你打卡啦，今天来聊两句？')
    // A 话术 that @-mentions already: the list takes the place of the one mention.
    expect(recallText('@{成员} 好久不见～', ['张三', '李四', '王五'])).toBe('@张三 @李四 @王五 好久不见～')
  })
})
