/**
 * Pure rules over the texts pages show, shared by the site adapters ({@code sites}, page → raw
 * fields) and the normalisers ({@code normalise}, raw fields → silver): whitespace, digits and keys
 * ({@link dev.souk.transforms.text.Text}), prices ({@link dev.souk.transforms.text.PriceParser}),
 * Mubawab's unlabelled icon texts ({@link dev.souk.transforms.text.MubawabIcons}), which images are a
 * listing's own ({@link dev.souk.transforms.text.OwnImages}) and whether a seller is a store ({@link
 * dev.souk.transforms.text.SellerKind}). It depends on no
 * other Souk package, so both users can reach it without a package cycle.
 */
package dev.souk.transforms.text;
