package dev.souk.pipelines;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No two packages of the pipelines module depend on each other, directly or through others: each package
 * (a sub-package counts on its own) is one slice, and a dependency cycle between slices fails.
 */
class PackageCyclesTest {
  @Test
  void packagesHaveNoCycles() {
    slices().matching("dev.souk.(**)").should().beFreeOfCycles()
        .check(new ClassFileImporter().withImportOption(new ImportOption.DoNotIncludeTests()).importPackages("dev.souk.pipelines"));
  }
}
