/* cachestat: the counters shared by cachestat.bpf.c and frontends/cachestat.c. */
#ifndef TB_CACHESTAT_H
#define TB_CACHESTAT_H

/* Slots of the per-CPU array `counts`, one per kernel function counted (BCC's four):
 * ACCESSED  mark_page_accessed() or folio_mark_accessed(): page cache accesses
 * ADDED     add_to_page_cache_lru() or filemap_add_folio(): pages (folios) added, misses
 * DIRTIED   account_page_dirtied() or folio_account_dirtied(), or the writeback tracepoint
 *           in them: pages newly dirtied, whose adds are writes, not misses
 * BUF_DIRTY mark_buffer_dirty(): buffers dirtied, BCC's DIRTIES column */
#define TB_CACHESTAT_ACCESSED 0
#define TB_CACHESTAT_ADDED 1
#define TB_CACHESTAT_DIRTIED 2
#define TB_CACHESTAT_BUF_DIRTY 3
#define TB_CACHESTAT_SLOTS 4

#endif
