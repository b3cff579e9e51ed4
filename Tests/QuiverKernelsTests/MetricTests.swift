// Tests for Metric: names, parsing and direction.

import Foundation
import QuiverKernels
import Testing

@Test func metricDirectionsAndFamilies() {
    #expect(Metric.innerProduct.largerIsCloser && Metric.cosine.largerIsCloser)
    #expect(!Metric.l2.largerIsCloser && !Metric.hamming.largerIsCloser && !Metric.jaccard.largerIsCloser)
    #expect(Metric.allCases.filter(\.isForBinaryVectors) == [.hamming, .jaccard])
}

@Test func metricParsesNamesCaseInsensitively() {
    #expect(Metric(name: "l2") == .l2)
    #expect(Metric(name: "Ip") == .innerProduct)
    #expect(Metric(name: "cosine") == .cosine)
    #expect(Metric(name: "HAMMING") == .hamming)
    #expect(Metric(name: "jaccard") == .jaccard)
    #expect(Metric(name: "euclid") == nil)
    #expect(Metric(name: "") == nil)
}

@Test func metricEncodesAsItsName() throws {
    let data = try JSONEncoder().encode([Metric.innerProduct, .l2])
    #expect(String(decoding: data, as: UTF8.self) == #"["IP","L2"]"#)
    #expect(try JSONDecoder().decode([Metric].self, from: data) == [.innerProduct, .l2])
}
