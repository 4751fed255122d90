package dev.souk.transforms.normalise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The known phone models (catalogue.tsv: brand, family, model, storage sizes sold, aliases) and
 * where a title's words name one. Titles are matched against names, never sliced: words after
 * the model (colours, "for sale", "like new") can therefore never become part of it, and a model
 * the catalogue does not know gives no model rather than a wrong one. Immutable once loaded.
 */
final class PhoneCatalogue {
  /** One model; {@code names} are its name and aliases as {@link PhoneTokens} words. */
  record Model(String brand, String family, String name, Set<Integer> storageGb, List<List<String>> names) {}

  /** A model named by title words {@code [start, end)}. */
  record Match(Model model, int start, int end) {}

  private static final LevenshteinDistance ONE_SLIP = new LevenshteinDistance(1);

  /**
   * One name of a model, with the position in its brand's {@link Names#startWords} of its first
   * word and, where that is a line word a title may leave out, of its second (else -1).
   */
  private record Name(Model model, List<String> words, int first, int afterLine) {}

  /**
   * A brand's names in catalogue order, and the words they can start with: a title word is compared
   * with each start word once, and only names starting with a word it matched are tried.
   */
  private record Names(List<Name> names, List<String> startWords) {}

  // A title is matched against its brand's names only.
  private final Map<String, Names> byBrand = new HashMap<>();

  private PhoneCatalogue(List<Model> models, Set<String> lineWords) {
    Map<String, List<Model>> modelsByBrand = new HashMap<>();
    for (Model m : models) {
      modelsByBrand.computeIfAbsent(m.brand(), b -> new ArrayList<>()).add(m);
    }
    modelsByBrand.forEach((brand, brandModels) -> {
      List<String> startWords = new ArrayList<>();
      List<Name> names = new ArrayList<>();
      for (Model m : brandModels) {
        for (List<String> name : m.names()) {
          if (name.isEmpty()) {
            continue; // names nothing: never matches
          }
          boolean lineWordFirst = name.size() > 1 && lineWords.contains(name.get(0));
          names.add(new Name(m, name, index(startWords, name.get(0)), lineWordFirst ? index(startWords, name.get(1)) : -1));
        }
      }
      byBrand.put(brand, new Names(List.copyOf(names), List.copyOf(startWords)));
    });
  }

  private static int index(List<String> words, String word) {
    int i = words.indexOf(word);
    if (i < 0) {
      words.add(word);
      i = words.size() - 1;
    }
    return i;
  }

  /**
   * @param lineWords model-line words ("iphone", "galaxy") a title may leave out once it named the
   *     brand ("Samsung S23 Ultra" is the Galaxy S23 Ultra)
   */
  static PhoneCatalogue load(String resource, Set<String> lineWords) {
    List<Model> models = new ArrayList<>();
    for (DataFile.Line entry : DataFile.lines(PhoneCatalogue.class, resource)) {
      int n = entry.number();
      String line = entry.text();
      String[] cols = line.split("\t");
      if (cols.length < 4 || cols.length > 5) {
        throw new IllegalStateException(resource + ":" + n + ": expected 'brand<TAB>family<TAB>model<TAB>sizes[<TAB>aliases]', got '" + line + "'");
      }
      Set<Integer> sizes = new TreeSet<>();
      for (String s : cols[3].split(",")) {
        sizes.add(Integer.valueOf(s.trim()));
      }
      List<List<String>> names = new ArrayList<>();
      names.add(PhoneTokens.of(cols[2]));
      if (cols.length == 5) {
        for (String alias : cols[4].split(",")) {
          names.add(PhoneTokens.of(alias));
        }
      }
      models.add(new Model(cols[0].trim(), cols[1].trim(), cols[2].trim(), Set.copyOf(sizes), List.copyOf(names)));
    }
    return new PhoneCatalogue(models, lineWords);
  }

  /**
   * Every place the title's words name a model of {@code brand}, left to right, not overlapping.
   * At each word the longest name wins ("iphone 13 pro max" is the Pro Max, not the 13), and a
   * name spelled out in full wins over one whose line word was left out.
   */
  List<Match> find(String brand, List<String> words) {
    List<Match> found = new ArrayList<>();
    Names brandNames = byBrand.get(brand);
    if (brandNames == null) {
      return found;
    }
    int i = 0;
    while (i < words.size()) {
      Match best = null;
      int bestScore = 0;
      boolean[] starts = new boolean[brandNames.startWords().size()];
      for (int w = 0; w < starts.length; w++) {
        starts[w] = same(brandNames.startWords().get(w), words.get(i));
      }
      for (Name n : brandNames.names()) {
        List<String> name = n.words();
        int score = 2 * (starts[n.first()] && matchAt(name, words, i) ? name.size() : 0);
        int end = i + name.size();
        if (score == 0 && n.afterLine() >= 0 && starts[n.afterLine()] && matchAt(name.subList(1, name.size()), words, i)) {
          score = 2 * (name.size() - 1) - 1;
          end = i + name.size() - 1;
        }
        if (score > bestScore) {
          best = new Match(n.model(), i, end);
          bestScore = score;
        }
      }
      if (best != null) {
        found.add(best);
        i = best.end();
      } else {
        i++;
      }
    }
    return found;
  }

  /**
   * The model a title is about: the first named, except that a base model named first and one of
   * its own variants later ("iPhone 13 - ايفون 13 ميني") is the variant, the more exact naming.
   */
  static @Nullable Match pick(List<Match> matches) {
    if (matches.isEmpty()) {
      return null;
    }
    Match first = matches.get(0);
    if (first.model().name().equals(first.model().family())) {
      for (Match later : matches.subList(1, matches.size())) {
        if (later.model().family().equals(first.model().family()) && !later.model().equals(first.model())) {
          return later;
        }
      }
    }
    return first;
  }

  private static boolean matchAt(List<String> name, List<String> words, int at) {
    if (name.isEmpty() || at + name.size() > words.size()) {
      return false;
    }
    for (int k = 0; k < name.size(); k++) {
      if (!same(name.get(k), words.get(at + k))) {
        return false;
      }
    }
    return true;
  }

  /** Equal, or a Latin word one typing slip from a catalogue word of five letters or more ("iphne", "ulra"). */
  static boolean same(String catalogueWord, String word) {
    if (catalogueWord.equals(word)) {
      return true;
    }
    // Words whose lengths differ by more than one are more than one slip apart: no need to count.
    return catalogueWord.length() >= 5 && word.length() >= 4 && Math.abs(catalogueWord.length() - word.length()) <= 1
        && isLatinLowerCase(word) && ONE_SLIP.apply(catalogueWord, word) >= 0;
  }

  private static boolean isLatinLowerCase(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (word.charAt(i) < 'a' || word.charAt(i) > 'z') {
        return false;
      }
    }
    return true;
  }
}
