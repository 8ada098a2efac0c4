#pragma once
// The exit statuses every kdiag command returns, so scripts can rely on them:
//   0 ran (whatever it found); 1 a --fail-on threshold was reached or a check failed;
//   2 usage error, unreadable input or invalid rule pack.
namespace kdiag::cli {

enum ExitCode { kExitOk = 0, kExitFound = 1, kExitError = 2 };

}  // namespace kdiag::cli
