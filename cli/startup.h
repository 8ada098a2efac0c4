#pragma once
// Process set-up that makes kdiag start faster; nothing here changes what it prints.

namespace kdiag::cli {

// Grows the heap by 1 MiB up front and asks the kernel to back it in one call
// (MADV_POPULATE_WRITE), instead of one page fault per 4 KiB page as start-up touches memory.
// A page fault costs ~13 us on the VMs kdiag's CI runs on (0.1-0.3 us on bare metal), and
// start-up touches ~180 heap pages (the rule packs, the evidence book, buffers): ~2 ms there.
// Populating costs ~1 us a page; kernels before 5.14 refuse the call and nothing changes.
void prefault_heap();

}  // namespace kdiag::cli
