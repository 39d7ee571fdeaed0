from django.views.generic import TemplateView


class EnquiryCreateView(TemplateView):
    template_name = "enquiries/enquiry_form.html"
