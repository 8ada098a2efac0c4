// The fragments' texts come from the message catalogues of Debian bookworm: glibc 2.36's libc.mo
// (strerror) and bash 5.2's bash.mo, in the locales of the build logs kdiag is given (de, fr, es,
// it, pt, pt_BR, ru, pl, zh_CN, ja); older glibc releases said "No existe el archivo o el
// directorio" and "Nessun file o directory".
#include "rules/fragments.h"

#include <cctype>

namespace kdiag {

const std::vector<PatternFragment>& pattern_fragments() {
  static const std::vector<PatternFragment> table = {
      {"ENOENT",
       "(?:No such file or directory|Datei oder Verzeichnis nicht gefunden|Aucun fichier ou dossier de ce type|"
       "No existe el fichero o el directorio|No existe el archivo o el directorio|File o directory non esistente|"
       "Nessun file o directory|Ficheiro ou pasta inexistente|"
       "Arquivo ou diretório inexistente|Нет такого файла или каталога|Nie ma takiego pliku ani katalogu|"
       "没有那个文件或目录|そのようなファイルやディレクトリはありません)"},
      // bash's "%s: command not found" without the "%s: " (French puts a space before the colon).
      {"COMMAND_NOT_FOUND",
       "(?:command not found|Kommando nicht gefunden\\.?|commande introuvable|orden no encontrada|"
       "comando non trovato|comando não encontrado|команда не найдена|nie znaleziono polecenia|未找到命令|"
       "コマンドが見つかりません)"},
  };
  return table;
}

std::string expand_fragments(std::string_view pattern, std::vector<std::string>* unknown) {
  std::string out;
  out.reserve(pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {  // \{ is a literal brace: copied with its escape
      out += pattern.substr(i, 2);
      ++i;
      continue;
    }
    if (c == '{') {
      std::size_t end = i + 1;
      while (end < pattern.size() && (std::isupper(static_cast<unsigned char>(pattern[end])) ||
                                      std::isdigit(static_cast<unsigned char>(pattern[end])) || pattern[end] == '_')) {
        ++end;
      }
      // {2,3} is a repetition: a name starts with a capital.
      if (end < pattern.size() && pattern[end] == '}' && end > i + 1 &&
          std::isupper(static_cast<unsigned char>(pattern[i + 1]))) {
        const std::string_view name = pattern.substr(i + 1, end - i - 1);
        bool found = false;
        for (const auto& f : pattern_fragments()) {
          if (f.name == name) {
            out += f.pattern;
            found = true;
          }
        }
        if (found) {
          i = end;
          continue;
        }
        if (unknown) unknown->emplace_back(name);
      }
    }
    out += c;
  }
  return out;
}

}  // namespace kdiag
